/**
 * bench:search asks the real SearchService (the one /search and /api/search use), through an Efir
 * whose database handle records each statement the service runs (SQL, parameters, time), so the
 * slowest query's statements can be EXPLAIN ANALYZEd with the very parameters it used.
 */
import type { Efir } from '../../../server/context.ts';
import type { Db, Queryable } from '../../../server/db/index.ts';
import type { Query } from './queries.ts';

export interface Statement {
  sql: string;
  params: unknown[] | undefined;
  ms: number;
}

/** Wraps db's query (and the queries of its transactions) in place: repositories hold this object. */
function record(db: Db): { take(): Statement[] } {
  let statements: Statement[] = [];
  const wrap = (q: Queryable['query']): Queryable['query'] =>
    (async (sql: string, params?: unknown[]) => {
      const t = performance.now();
      try {
        return await q(sql, params);
      } finally {
        statements.push({ sql, params, ms: performance.now() - t });
      }
    }) as Queryable['query'];
  const query = db.query.bind(db);
  const transaction = db.transaction.bind(db);
  const beside = db.beside.bind(db);
  const wrapQ = (q: Queryable): Queryable => ({ query: wrap(q.query.bind(q)), exec: q.exec.bind(q) });
  (db as { query: Queryable['query'] }).query = wrap(query);
  (db as { transaction: Db['transaction'] }).transaction = (fn) => transaction((tx) => fn(wrapQ(tx)));
  (db as { beside: Db['beside'] }).beside = (read) => beside((q) => read(wrapQ(q)));
  return {
    take() {
      const s = statements;
      statements = [];
      return s;
    }
  };
}

export async function searcher(efir: Efir): Promise<(q: Query) => Promise<{ ms: number; total: number; statements: Statement[] }>> {
  const recorder = record(efir.db);
  const service = efir.search;
  return async (q) => {
    recorder.take();
    const t = performance.now();
    const r = await service.search({ q: q.q, lang: q.lang, scope: 'library' }, null);
    const ms = performance.now() - t;
    return { ms, total: r.total, statements: recorder.take() };
  };
}
