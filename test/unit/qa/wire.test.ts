import { describe, expect, test } from 'vitest';
import * as ws from 'ws';
import { framePayload, jsonFrame, textFrame } from '../../../server/qa/wire.ts';

/** ws's own framing of a server text frame, as one Buffer (Sender is ws's, untyped in @types/ws). */
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } };
const wsFrame = (payload: Buffer) =>
  Buffer.concat(Sender.frame(payload, { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false }));

describe('prepared WebSocket frames', () => {
  // The three header sizes and their edges: 7-bit, 16-bit and 64-bit lengths.
  test.each([0, 1, 125, 126, 127, 65535, 65536, 200_000])('a %i-byte payload is framed as ws frames it', (n) => {
    const payload = Buffer.alloc(n, 'й'.charCodeAt(0) & 0x7f);
    const frame = textFrame(payload);
    expect(frame.equals(wsFrame(payload))).toBe(true);
    expect(framePayload(frame).equals(payload)).toBe(true);
  });

  test('JSON in any script survives the round trip', () => {
    const msg = { type: 'ack', text: 'Патент oʻgʻ ӣӯҳҷқғ əşğı șță' };
    expect(JSON.parse(framePayload(jsonFrame(msg)).toString('utf8'))).toEqual(msg);
  });
});
