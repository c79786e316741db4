/**
 * The producer's broadcast page (built SvelteKit pages: run `npx vite build` first) tells them to set
 * OBS's keyframe interval to 1 s while the broadcast is live with keyframes too far apart
 * (broadcasts.ingest_keyframe_seconds, from the worker's progress: live-media-keyframe.test.ts), in
 * their language; nothing when the keyframes are fine.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HANDLER_PATH } from '../../../server/plugins/sveltekit.ts';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { signIn, type Session } from '../api/helpers.ts';

let t: TestEfir;
let producer: Session;
let id: string;
beforeAll(async () => {
  if (!fs.existsSync(HANDLER_PATH)) throw new Error(`${HANDLER_PATH} is missing: run "npx vite build" first`);
  t = await startTestEfir({ pages: true, worker: false });
  producer = await signIn(t, 'producer');
  const user = (await t.efir.users.get(producer.userId!))!;
  id = (await t.efir.live.createBroadcast(user, { title: 'Keyframes' })).id;
  await t.efir.qa.service.setBroadcastState('system', id, 'live');
});
afterAll(async () => t?.close());

const studioPage = async (lang: string) => {
  const res = await fetch(`${t.baseUrl}/studio/broadcasts/${id}`, { headers: { cookie: `${producer.cookie}; efir_lang=${lang}`, accept: 'text/html' } });
  expect(res.status).toBe(200);
  return (await res.text()).replace(/<!--.*?-->/g, '');
};

test('no warning while the keyframes are fine; the interval and the OBS setting in the producer\'s language when not', async () => {
  expect(await studioPage('ru')).not.toContain('data-testid="keyframe-warning"');
  await t.efir.db.query('update broadcasts set ingest_keyframe_seconds = 4.2 where id = $1', [id]);
  expect(await studioPage('ru')).toContain('Интервал ключевых кадров — 4,2 с. В OBS: Настройки → Вывод → Интервал ключевых кадров, поставьте 1 с.');
  expect(await studioPage('en')).toContain('Keyframe interval is 4.2 s. In OBS: Settings → Output → Keyframe Interval, set 1 s.');
  expect(await studioPage('tg')).toContain('Фосилаи кадрҳои калидӣ — 4,2 с.');
});
