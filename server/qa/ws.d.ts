/**
 * The part of `ws` (8.x, a dependency of @fastify/websocket; @types/ws is not installed) that the
 * Q&A server, its tests and its benchmark use.
 */
declare module 'ws' {
  import { EventEmitter } from 'node:events';
  import type { IncomingMessage, Server as HttpServer } from 'node:http';
  import type { Duplex } from 'node:stream';

  type RawData = Buffer | ArrayBuffer | Buffer[];

  class WebSocket extends EventEmitter {
    static readonly CONNECTING: 0;
    static readonly OPEN: 1;
    static readonly CLOSING: 2;
    static readonly CLOSED: 3;
    constructor(address: string, options?: { headers?: Record<string, string>; maxPayload?: number; perMessageDeflate?: boolean; autoPong?: boolean });
    readonly readyState: 0 | 1 | 2 | 3;
    readonly bufferedAmount: number;
    readonly _socket: import('node:net').Socket;
    send(data: string | Buffer, cb?: (err?: Error) => void): void;
    send(data: string | Buffer, options: { binary?: boolean }, cb?: (err?: Error) => void): void;
    close(code?: number, reason?: string): void;
    terminate(): void;
    ping(): void;
    pause(): void;
    resume(): void;
    on(event: 'message', listener: (data: RawData, isBinary: boolean) => void): this;
    on(event: 'close', listener: (code: number, reason: Buffer) => void): this;
    on(event: 'error', listener: (err: Error) => void): this;
    on(event: 'open', listener: () => void): this;
    on(event: 'unexpected-response', listener: (req: unknown, res: IncomingMessage) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
    once(event: string, listener: (...args: any[]) => void): this;
  }

  class WebSocketServer extends EventEmitter {
    constructor(options: { port?: number; host?: string; server?: HttpServer; noServer?: boolean; maxPayload?: number; perMessageDeflate?: boolean });
    readonly clients: Set<WebSocket>;
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, cb: (ws: WebSocket) => void): void;
    address(): { port: number } | string;
    close(cb?: (err?: Error) => void): void;
    on(event: 'connection', listener: (ws: WebSocket, req: IncomingMessage) => void): this;
    on(event: string, listener: (...args: any[]) => void): this;
  }

  export { WebSocket, WebSocketServer, RawData };
  export default WebSocket;
}
