/** A whole Efir (real Redis, PGlite or PostgreSQL), a producer, a moderator and a broadcast. */
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, signIn, viewer, type Session } from '../api/helpers.ts';
import { QaClient } from './helpers.ts';

export interface QaWorld {
  t: TestEfir;
  producer: Session;
  moderator: Session;
  newBroadcast(title?: string): Promise<string>;
  viewer(): Promise<Session>;
  /** A Q&A client of this Efir, closed by close(). */
  open(broadcastId: string, opts?: Parameters<typeof QaClient.connect>[2]): Promise<QaClient>;
  /** Closes every client open() made, then the Efir. */
  close(): Promise<void>;
}

export const GENEROUS = {
  asksPerMinute: 60_000,
  askBurst: 1000,
  asksPerMinutePerIp: 60_000,
  askBurstPerIp: 1000,
  votesPerSecond: 1000,
  voteBurst: 1000,
  votesPerSecondPerIp: 1000,
  voteBurstPerIp: 1000,
  connectionsPerIp: 1000
};

export async function startQaWorld(): Promise<QaWorld> {
  const t = await startTestEfir({ worker: false });
  // Tests ask many questions from one cookie and one address; the limits tests set their own.
  Object.assign(t.efir.qa.limits, GENEROUS);
  const producer = await signIn(t, 'producer');
  const moderator = await signIn(t, 'moderator');
  const clients: QaClient[] = [];
  return {
    t,
    producer,
    moderator,
    async newBroadcast(title = 'Патент 2025: вопросы юристу') {
      const res = await api(t, producer, 'POST', '/api/broadcasts', { title, description: 'test' });
      if (res.status !== 201) throw new Error(`create broadcast: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.id as string;
    },
    viewer: () => viewer(t),
    async open(broadcastId, opts = {}) {
      const c = await QaClient.connect(t.baseUrl, broadcastId, opts);
      clients.push(c);
      return c;
    },
    async close() {
      for (const c of clients) await c.close();
      await t.close();
    }
  };
}
