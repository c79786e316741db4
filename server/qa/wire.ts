/**
 * WebSocket frames built once and written as they are. A busy debate sends the same `events` frame
 * to thousands of sockets; `ws.send` frames it again for each of them (a header, then cork, two
 * writes, uncork). Here a frame is one Buffer, header and payload, and each socket gets one write.
 *
 * Writing to ws's socket (`_socket`, not ws's public API) is safe here because permessage-deflate is
 * off (server/qa/plugin.ts): ws's sender then never queues, so its own frames (pongs, the close
 * frame) go out in call order beside ours. test/unit/qa/wire.test.ts checks the bytes against
 * ws's own framing, and every Q&A integration test reads these frames with a real ws client.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** A complete, unmasked, final text frame (server to client) carrying `payload` (UTF-8 JSON). */
export function textFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x81; // FIN + opcode 1 (text)
  if (n < 126) frame[1] = n;
  else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(n / 2 ** 32), 2);
    frame.writeUInt32BE(n >>> 0, 6);
  }
  payload.copy(frame, head);
  return frame;
}

/** A JSON message as a ready frame. */
export function jsonFrame(msg: unknown): Buffer {
  return textFrame(Buffer.from(JSON.stringify(msg)));
}

/** The TCP socket under a ws connection. */
export function socketOf(ws: WebSocket): Socket {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  if (!socket || typeof socket.write !== 'function') {
    throw new Error('ws no longer exposes its socket as _socket: server/qa/wire.ts needs updating for this ws version');
  }
  return socket;
}

/** The payload of a frame made by textFrame (for tests and logs). */
export function framePayload(frame: Buffer): Buffer {
  const len = frame[1]! & 0x7f;
  return frame.subarray(len < 126 ? 2 : len === 126 ? 4 : 10);
}
