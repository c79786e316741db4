/**
 * The Q&A's limits, with defaults sized for phones on weak connections behind shared NATs (many
 * workers in one dormitory share an address, so per-IP limits are several times per-identity ones).
 * Each can be set from the environment (QA_…), read by loadConfig (config/index.ts); a bad value
 * stops the server at start. Here, beside the loader, so that reading the configuration needs
 * nothing from server/ (the workers read it too). The buckets that apply them: server/qa/limits.ts.
 */

export interface QaLimits {
  /** Larger frames get `frame_too_large` (the socket stays open). */
  frameBytes: number;
  /** ws's maxPayload: larger frames close the socket with 1009 without being read. */
  hardFrameBytes: number;
  /** Per connection, every message type: token bucket. */
  messagesPerSecond: number;
  messageBurst: number;
  /** A connection that keeps sending this many messages over its limit is closed with 4029. */
  floodCloseAfter: number;
  /** Questions per identity (per minute, burst) and per IP hash. */
  asksPerMinute: number;
  askBurst: number;
  asksPerMinutePerIp: number;
  askBurstPerIp: number;
  /** Votes per identity and per IP hash (per second, burst). */
  votesPerSecond: number;
  voteBurst: number;
  votesPerSecondPerIp: number;
  voteBurstPerIp: number;
  /** Open sockets per IP address, over every instance (counted in Redis). */
  connectionsPerIp: number;
  /** Requests of one connection being processed at once; more get `busy`. */
  inFlightPerConnection: number;
  /** Our own measure of a connection's backlog (bytes handed to the socket and not yet flushed, plus queued). */
  sendBufferBytes: number;
  /** How long the backlog may stay over sendBufferBytes before the socket is closed with 4008. */
  slowConsumerGraceMs: number;
  /** A resume further back than this many events gets a snapshot instead. */
  resumeWindow: number;
  /** Frames to one broadcast's clients are at most this often (events in between are batched). */
  batchMs: number;
  /** A socket that has not sent `hello` this long after opening is closed (4408). */
  helloTimeoutMs: number;
  /** Sockets are pinged this often; one that has not answered the previous ping is dropped. */
  pingIntervalMs: number;
}

export const DEFAULT_LIMITS: QaLimits = {
  frameBytes: 8 * 1024,
  hardFrameBytes: 64 * 1024,
  messagesPerSecond: 10,
  messageBurst: 30,
  floodCloseAfter: 100,
  asksPerMinute: 6,
  askBurst: 3,
  asksPerMinutePerIp: 60,
  askBurstPerIp: 20,
  votesPerSecond: 3,
  voteBurst: 20,
  votesPerSecondPerIp: 30,
  voteBurstPerIp: 200,
  connectionsPerIp: 50,
  inFlightPerConnection: 8,
  sendBufferBytes: 512 * 1024,
  slowConsumerGraceMs: 2000,
  resumeWindow: 20_000,
  batchMs: 20,
  helloTimeoutMs: 5000,
  pingIntervalMs: 30_000
};

/** The environment variable of each limit (read by loadConfig). */
export const QA_LIMIT_ENV: Record<keyof QaLimits, string> = {
  frameBytes: 'QA_FRAME_BYTES',
  hardFrameBytes: 'QA_HARD_FRAME_BYTES',
  messagesPerSecond: 'QA_MESSAGES_PER_SECOND',
  messageBurst: 'QA_MESSAGE_BURST',
  floodCloseAfter: 'QA_FLOOD_CLOSE_AFTER',
  asksPerMinute: 'QA_ASKS_PER_MINUTE',
  askBurst: 'QA_ASK_BURST',
  asksPerMinutePerIp: 'QA_ASKS_PER_MINUTE_PER_IP',
  askBurstPerIp: 'QA_ASK_BURST_PER_IP',
  votesPerSecond: 'QA_VOTES_PER_SECOND',
  voteBurst: 'QA_VOTE_BURST',
  votesPerSecondPerIp: 'QA_VOTES_PER_SECOND_PER_IP',
  voteBurstPerIp: 'QA_VOTE_BURST_PER_IP',
  connectionsPerIp: 'QA_CONNECTIONS_PER_IP',
  inFlightPerConnection: 'QA_IN_FLIGHT_PER_CONNECTION',
  sendBufferBytes: 'QA_SEND_BUFFER_BYTES',
  slowConsumerGraceMs: 'QA_SLOW_CONSUMER_GRACE_MS',
  resumeWindow: 'QA_RESUME_WINDOW',
  batchMs: 'QA_BATCH_MS',
  helloTimeoutMs: 'QA_HELLO_TIMEOUT_MS',
  pingIntervalMs: 'QA_PING_INTERVAL_MS'
};
