/**
 * One error family (server/errors.ts): every code has one status, and the API (Fastify's error
 * handler) and the pages (the SvelteKit action helper) answer the same error with the same status,
 * even when the error comes from another copy of the module (the SvelteKit bundle has its own).
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../server/app.ts';
import { ERROR_CODES, ERROR_STATUS, EfirError, errorStatus, isEfirError, type ErrorCode } from '../../server/errors.ts';
import { ERROR_CODES as QA_CODES } from '../../server/qa/protocol.ts';
import { actionFailure } from '../../web/lib/server/action-error.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|svelte)$/.test(f))
    .map((f) => path.join(ROOT, dir, f));
}

async function apiStatus(err: Error): Promise<{ status: number; code: string }> {
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  app.get('/', async () => {
    throw err;
  });
  const res = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  return { status: res.statusCode, code: res.json().error.code };
}

describe('error codes', () => {
  it('every code has an HTTP error status', () => {
    for (const code of ERROR_CODES) {
      expect(Number.isInteger(ERROR_STATUS[code]), code).toBe(true);
      expect(ERROR_STATUS[code] >= 400 && ERROR_STATUS[code] <= 599, code).toBe(true);
    }
  });

  it("every code the Q&A socket sends is one of them", () => {
    expect(QA_CODES.filter((c) => !(c in ERROR_STATUS))).toEqual([]);
  });

  it('every code written in server/ and the pages is one of them', () => {
    const used = new Set<string>();
    const patterns = [/new EfirError\(\s*'([a-z_]+)'/g, /\bcode: '([a-z_]+)'/g, /jsonError\('([a-z_]+)'/g];
    for (const file of [...sources('server'), ...sources('web/lib/server'), ...sources('web/routes')]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const re of patterns) for (const m of text.matchAll(re)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((c) => !(c in ERROR_STATUS))).toEqual([]);
  });
});

describe('one status for an error, API and pages alike', () => {
  const samples: [ErrorCode, string][] = ERROR_CODES.map((code) => [code, `${code}: something`]);

  it.each(samples)('%s', async (code, message) => {
    const err = new EfirError(code, message, { field: 'title' });
    const api = await apiStatus(err);
    expect(api).toEqual({ status: ERROR_STATUS[code], code });
    if (api.status < 500) {
      const page = actionFailure(err, {});
      expect(page.status).toBe(api.status);
      expect(page.data.problem).toEqual({ code, message, field: 'title', params: { field: 'title' } });
    } else {
      // A server fault is no form problem: it goes on to the error page.
      expect(() => actionFailure(err, {})).toThrow(err);
    }
  });

  it('recognises an error made by another copy of the module (as the SvelteKit bundle has)', async () => {
    const other = await import('../../server/errors.ts?copy' as string);
    const err: Error = new other.EfirError('not_ready', '"Clip" cannot be published yet', { file: 'clip.mp4' });
    expect(err).not.toBeInstanceOf(EfirError);
    expect(isEfirError(err)).toBe(true);
    expect(await apiStatus(err)).toEqual({ status: 409, code: 'not_ready' });
    expect(actionFailure(err, {}).status).toBe(409);
  });

  it('leaves alone what is not an EfirError', async () => {
    const shaped = Object.assign(new Error('looks like one'), { code: 'forbidden', statusCode: 403, details: {} });
    expect(isEfirError(shaped)).toBe(false);
    expect(() => actionFailure(shaped, {})).toThrow(shaped);
    expect(errorStatus({ code: 'no_such_code' as ErrorCode })).toBe(500);
  });

  it('sends the values pages word a refusal with as params, beside the message', async () => {
    const err = new EfirError('bad_subtitles', 'broken.uz.srt: line 6: no valid cue found', { file: 'broken.uz.srt', line: 6, params: { problem: 'no_valid_cue' } });
    expect(err.toBody()).toEqual({
      error: { code: 'bad_subtitles', message: 'broken.uz.srt: line 6: no valid cue found', file: 'broken.uz.srt', line: 6, params: { file: 'broken.uz.srt', line: 6, problem: 'no_valid_cue' } }
    });
    const app = Fastify({ logger: false });
    app.setErrorHandler(errorHandler);
    app.post('/', { schema: { body: { type: 'object', required: ['title'], properties: { title: { type: 'string', maxLength: 5 } } } } }, async () => ({}));
    const res = await app.inject({ method: 'POST', url: '/', payload: { title: 'too long a title' } });
    await app.close();
    expect(res.json().error).toMatchObject({ code: 'invalid_request', field: 'title', params: { field: 'title', rule: 'too_long', max: 5 } });
  });

  it('gives Fastify\'s own refusals one of the codes', async () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });
    expect(await apiStatus(tooLarge)).toEqual({ status: 413, code: 'body_too_large' });
  });
});
