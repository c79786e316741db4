import { describe, expect, test } from 'vitest';
import { charCount, cleanName, cleanText, findBlockedWords, normaliseBlockedWords } from '../../../server/qa/text.ts';
import { decodeClientMessage } from '../../../server/qa/protocol.ts';
import { frameFor, type HubClient } from '../../../server/qa/hub.ts';
import { framePayload } from '../../../server/qa/wire.ts';
import { Bucket } from '../../../server/qa/limits.ts';
import { loadConfig } from '../../../config/index.ts';
import { questionEvent } from '../../../server/qa/service.ts';
import { readableOrder, type QuestionRow } from '../../../server/qa/views.ts';

describe('text', () => {
  test('NFC, controls and bidi overrides removed, whitespace tidied', () => {
    expect(cleanText(' a\u0301\u0000b\u202Ec\t\td\r\n\n\n\ne ')).toBe('\u00e1bc d\n\ne');
    expect(cleanName('Ali\n  Vəli')).toBe('Ali Vəli');
    expect(charCount('😀ә')).toBe(2);
  });
  test('blocked words match on letter boundaries in every script; * makes a prefix', () => {
    const words = normaliseBlockedWords(['Кот', 'мошенн*', 'kot', 'кот', '*']);
    expect(words).toEqual(['кот', 'мошенн*', 'kot']);
    expect(findBlockedWords('Котлета и котёнок', words)).toEqual([]);
    expect(findBlockedWords('Это кот!', words)).toEqual(['кот']);
    expect(findBlockedWords('МОШЕННИКИ везде', words)).toEqual(['мошенн*']);
    expect(findBlockedWords('kotə', words)).toEqual([]);
  });
});

describe('decodeClientMessage', () => {
  const dec = (s: string | Buffer, bin = false) => decodeClientMessage(Buffer.isBuffer(s) ? s : Buffer.from(s), bin, 8192);
  test('codes', () => {
    expect(dec('{', false)).toMatchObject({ ok: false, error: { code: 'bad_json' } });
    expect(dec('"x"')).toMatchObject({ ok: false, error: { code: 'bad_message' } });
    expect(dec('{"type":"nope","ref":"r"}')).toMatchObject({ ok: false, error: { code: 'unknown_type', ref: 'r' } });
    expect(dec('{"type":"vote","ref":"r","questionId":"q","up":1}')).toMatchObject({ ok: false, error: { code: 'invalid_field', field: 'up', ref: 'r' } });
    expect(dec('{"type":"vote","ref":"r","questionId":"q"}')).toMatchObject({ ok: false, error: { code: 'invalid_field', field: 'up' } });
    expect(dec('{"type":"ping","x":1}')).toMatchObject({ ok: false, error: { code: 'invalid_field', field: 'x' } });
    expect(dec(Buffer.from([1]), true)).toMatchObject({ ok: false, error: { code: 'binary_frame' } });
    expect(dec('{"type":"ping","t":"' + 'x'.repeat(9000) + '"}')).toMatchObject({ ok: false, error: { code: 'frame_too_large' } });
    expect(dec('{"type":"__proto__"}')).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
    expect(dec('{"type":"ask","ref":"r","text":"x","lang":"uz"}')).toMatchObject({ ok: true });
  });
});

const row = (over: Partial<QuestionRow>): QuestionRow => ({
  id: 'q1', broadcast_id: 'b', viewer_id: 'v1', ip_hash: 'h', client_ref: 'r', author_name: '', lang: 'ru', text: 't',
  original_text: null, state: 'pending', held_for: 'premoderation', blocked_hits: [], votes: 0, merged_into: null,
  answered_at: null, answered_offset: null, created_at: new Date(0), updated_at: new Date(0), ...over
});

describe('audiences', () => {
  test('a pending question is for moderators and its author; leaving public view is a removal', () => {
    const e = questionEvent(null, row({}));
    expect(e.pub).toBe(null);
    expect((e.own as any).question.mine).toBe(true);
    expect((e.mod as any).question.author).toMatch(/^[\w-]{10}$/);
    const hidden = questionEvent(row({ state: 'approved' }), row({ state: 'hidden' }));
    expect(hidden.pub).toEqual({ type: 'question.removed', id: 'q1' });
  });

  test('frames: shared per audience, own view for the author, from/to cover invisible events', () => {
    const client = (viewerId: string, moderator = false): HubClient & { sent: Buffer[] } => {
      const sent: Buffer[] = [];
      return { viewerId, moderator, clientSeq: 0, lastSeq: 0, live: true, pending: [], sent, sendFrame: (f) => sent.push(f), pendingOverflow() {} };
    };
    const rows = [
      { seq: 1, mod: '{"seq":1,"m":1}', pub: null, own: '{"seq":1,"o":1}', author: 'v1' },
      { seq: 2, mod: '{"seq":2,"m":2}', pub: '{"seq":2,"p":2}', own: null, author: null }
    ];
    const cache = new Map<string, Buffer>();
    const authors = new Set(['v1']);
    const [a, b, c, m] = [client('v1'), client('v2'), client('v3'), client('x', true)];
    const fa = frameFor(a, rows, cache, authors)!;
    const fb = frameFor(b, rows, cache, authors)!;
    const fc = frameFor(c, rows, cache, authors)!;
    const fm = frameFor(m, rows, cache, authors)!;
    expect(JSON.parse(framePayload(fa).toString()).events).toEqual([{ seq: 1, o: 1 }, { seq: 2, p: 2 }]);
    expect(JSON.parse(framePayload(fb).toString())).toEqual({ type: 'events', from: 1, to: 2, events: [{ seq: 2, p: 2 }] });
    expect(fb).toBe(fc); // the same Buffer for the same audience
    expect(JSON.parse(framePayload(fm).toString()).events.length).toBe(2);
    // An event nobody but moderators sees moves a viewer's position without a frame…
    const only = [{ seq: 3, mod: '{"seq":3}', pub: null, own: null, author: null }];
    expect(frameFor(b, only)).toBe(null);
    expect([b.clientSeq, b.lastSeq]).toEqual([2, 3]);
    // …and the next frame accounts for it.
    const next = frameFor(b, [{ seq: 4, mod: '{"seq":4}', pub: '{"seq":4}', own: null, author: null }])!;
    expect(JSON.parse(framePayload(next).toString())).toMatchObject({ from: 3, to: 4 });
  });
});

test('after the broadcast: answered first in answer order, then by votes', () => {
  const qs = [
    row({ id: 'a', state: 'approved', votes: 1 }),
    row({ id: 'b', state: 'answered', answered_at: new Date(2000) }),
    row({ id: 'c', state: 'approved', votes: 5 }),
    row({ id: 'd', state: 'answered', answered_at: new Date(1000) })
  ];
  expect(qs.sort(readableOrder).map((q) => q.id)).toEqual(['d', 'b', 'c', 'a']);
});

test('limits: token bucket and environment', () => {
  const b = new Bucket(1, 2);
  expect([b.take(), b.take()]).toEqual([0, 0]);
  expect(b.take()).toBeGreaterThan(0);
  expect(loadConfig({ QA_CONNECTIONS_PER_IP: '7' }).qaLimits.connectionsPerIp).toBe(7);
  expect(() => loadConfig({ QA_FRAME_BYTES: 'lots' })).toThrow(/QA_FRAME_BYTES/);
});
