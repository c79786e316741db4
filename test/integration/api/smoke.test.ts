import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestEfir, type TestEfir } from '../../helpers/harness.ts';
import { api, createDraft, signIn, viewer } from './helpers.ts';

let t: TestEfir;
beforeAll(async () => {
  t = await startTestEfir({ worker: false });
});
afterAll(async () => t?.close());

test('smoke', async () => {
  const p = await signIn(t, 'producer');
  const id = await createDraft(t, p);
  const list = await api(t, p, 'GET', '/api/studio/videos');
  console.log(JSON.stringify(list.body, null, 1));
  const del = await api(t, p, 'DELETE', `/api/studio/videos/${id}`);
  console.log(del.status, del.headers.get('content-length'), JSON.stringify(del.body));
  const v = await viewer(t);
  console.log((await api(t, v, 'POST', '/api/studio/videos', {})).body);
  console.log((await api(t, v, 'GET', '/api/videos')).body);
  expect(1).toBe(1);
});
