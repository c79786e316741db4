/**
 * The Q&A WebSocket protocol, version 1 (docs/qa-protocol.md explains it with an example session).
 * Every message is a JSON object with a `type`. Client messages are checked here against their
 * TypeBox schema before anything else reads them; a message that fails gets an `error` reply with
 * a stable code, the field and a sentence for people — never silence, never a crash.
 * Server messages have schemas too: they are the documentation, and tests check real traffic
 * against them.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

export const PROTOCOL_VERSION = 1;

export const LANGS = ['ru', 'uz', 'tg', 'az', 'ro', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Stable error codes (the `code` of an `error` message). */
export const ERROR_CODES = [
  // the frame itself
  'binary_frame', 'frame_too_large', 'bad_json', 'bad_message', 'unknown_type', 'invalid_field',
  // the conversation
  'hello_first', 'already_joined', 'unsupported_version', 'rate_limited', 'busy', 'too_many_connections',
  // who may do it
  'forbidden', 'banned', 'timed_out',
  // the Q&A and its questions
  'qa_closed', 'slow_mode', 'empty_text', 'text_too_long', 'unknown_question', 'not_votable',
  'invalid_state', 'unknown_sanction', 'unknown_broadcast',
  'internal'
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** WebSocket close codes the server uses (besides 1000, 1001 and ws's own 1009). */
export const CLOSE = {
  /** Its send buffer stayed over the limit: reconnect and resume with `since`. */
  slowConsumer: 4008,
  /** Far more messages than the rate limits allow. */
  flood: 4029,
  /** The broadcast was deleted. */
  gone: 4004,
  /** No hello within QA_HELLO_TIMEOUT_MS of opening. */
  helloTimeout: 4408
} as const;

// ---------------------------------------------------------------- client → server

const Ref = Type.String({ minLength: 1, maxLength: 64, description: "the client's id for this request; echoed in ack/error" });
const Id = Type.String({ minLength: 1, maxLength: 40 });
// Spelled out (not LANGS.map) so that Static<> keeps the literal types.
const LangSchema = Type.Union([
  Type.Literal('ru'), Type.Literal('uz'), Type.Literal('tg'), Type.Literal('az'), Type.Literal('ro'), Type.Literal('en')
]);
const strict = { additionalProperties: false } as const;
/** Where a ban or time-out holds. Optional (version 1 clients that never send it get 'broadcast'). */
const Scope = Type.Optional(
  Type.Union([Type.Literal('broadcast'), Type.Literal('all')], { description: "'broadcast' (default): this broadcast only; 'all': every broadcast" })
);

/** One schema per client message type, so an error names the field of the type actually sent. */
export const ClientMessages = {
  hello: Type.Object(
    {
      type: Type.Literal('hello'),
      v: Type.Integer({ minimum: 1, maximum: 1000, description: 'protocol version the client speaks' }),
      since: Type.Optional(Type.Integer({ minimum: 0, description: 'last seq this client saw: resume after it' })),
      csrf: Type.Optional(Type.String({ maxLength: 200, description: "the session's CSRF token: required for moderator actions" }))
    },
    strict
  ),
  ping: Type.Object({ type: Type.Literal('ping'), t: Type.Optional(Type.Number()) }, strict),
  ask: Type.Object(
    {
      type: Type.Literal('ask'),
      ref: Ref,
      // the limit after cleaning is QUESTION_MAX_CHARS; this bounds what is worth cleaning
      text: Type.String({ maxLength: 4000 }),
      lang: LangSchema,
      name: Type.Optional(Type.String({ maxLength: 200 }))
    },
    strict
  ),
  vote: Type.Object({ type: Type.Literal('vote'), ref: Ref, questionId: Id, up: Type.Boolean() }, strict),
  approve: Type.Object({ type: Type.Literal('approve'), ref: Ref, questionId: Id }, strict),
  reject: Type.Object({ type: Type.Literal('reject'), ref: Ref, questionId: Id }, strict),
  hide: Type.Object({ type: Type.Literal('hide'), ref: Ref, questionId: Id }, strict),
  restore: Type.Object({ type: Type.Literal('restore'), ref: Ref, questionId: Id }, strict),
  answer: Type.Object({ type: Type.Literal('answer'), ref: Ref, questionId: Id }, strict),
  edit: Type.Object({ type: Type.Literal('edit'), ref: Ref, questionId: Id, text: Type.String({ maxLength: 4000 }) }, strict),
  merge: Type.Object({ type: Type.Literal('merge'), ref: Ref, questionId: Id, into: Id }, strict),
  pin: Type.Object({ type: Type.Literal('pin'), ref: Ref, questionId: Type.Union([Id, Type.Null()]) }, strict),
  timeout: Type.Object(
    {
      type: Type.Literal('timeout'),
      ref: Ref,
      questionId: Id,
      seconds: Type.Integer({ minimum: 10, maximum: 86_400 }),
      reason: Type.Optional(Type.String({ maxLength: 200 })),
      scope: Scope
    },
    strict
  ),
  ban: Type.Object(
    { type: Type.Literal('ban'), ref: Ref, questionId: Id, reason: Type.Optional(Type.String({ maxLength: 200 })), scope: Scope },
    strict
  ),
  unban: Type.Object({ type: Type.Literal('unban'), ref: Ref, sanctionId: Id }, strict),
  settings: Type.Object(
    {
      type: Type.Literal('settings'),
      ref: Ref,
      open: Type.Optional(Type.Boolean()),
      mode: Type.Optional(Type.Union([Type.Literal('pre'), Type.Literal('post')])),
      slowModeSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
      blockedWords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 60 }), { maxItems: 500 }))
    },
    strict
  )
} satisfies Record<string, TSchema>;

export type ClientMessageType = keyof typeof ClientMessages;
export type ClientMessage = { [K in ClientMessageType]: Static<(typeof ClientMessages)[K]> }[ClientMessageType];
export type ClientMessageOf<K extends ClientMessageType> = Static<(typeof ClientMessages)[K]>;

/** Types only a moderator (or admin) may send. */
export const MODERATOR_TYPES = new Set<ClientMessageType>([
  'approve', 'reject', 'hide', 'restore', 'answer', 'edit', 'merge', 'pin', 'timeout', 'ban', 'unban', 'settings'
]);

const validators = Object.fromEntries(Object.entries(ClientMessages).map(([k, s]) => [k, Compile(s)])) as {
  [K in ClientMessageType]: ReturnType<typeof Compile<(typeof ClientMessages)[K]>>;
};

export interface ProtocolError {
  code: ErrorCode;
  message: string;
  field?: string;
  ref?: string;
}

export type Decoded = { ok: true; msg: ClientMessage } | { ok: false; error: ProtocolError };

/**
 * Turns one incoming frame into a typed message or a protocol error. `maxBytes` is the
 * application's frame limit (ws's own maxPayload is a larger hard stop that closes the socket).
 */
export function decodeClientMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean, maxBytes: number): Decoded {
  const fail = (code: ErrorCode, message: string, extra: Partial<ProtocolError> = {}): Decoded => ({
    ok: false,
    error: { code, message, ...extra }
  });
  if (isBinary) return fail('binary_frame', 'Binary frames are not part of the protocol: send JSON text');
  const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  if (buf.length > maxBytes) return fail('frame_too_large', `Message of ${buf.length} bytes is over the limit of ${maxBytes} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    return fail('bad_json', `Not JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('bad_message', 'A message is a JSON object with a "type"');
  }
  const obj = value as Record<string, unknown>;
  const ref = typeof obj.ref === 'string' && obj.ref.length <= 64 ? obj.ref : undefined;
  if (typeof obj.type !== 'string') return fail('bad_message', 'A message needs a string "type"', { field: 'type', ref });
  if (!Object.hasOwn(ClientMessages, obj.type)) {
    return fail('unknown_type', `Unknown message type "${obj.type.slice(0, 40)}"`, { field: 'type', ref });
  }
  const type = obj.type as ClientMessageType;
  const validator = validators[type];
  if (validator.Check(value)) return { ok: true, msg: value as ClientMessage };
  const first = firstError(validator.Errors(value));
  return fail('invalid_field', `${type}${first.field ? `.${first.field}` : ''}: ${first.message}`, { field: first.field, ref });
}

/** The most useful of TypeBox's errors: an unexpected or missing property, else the deepest one. */
function firstError(errors: { keyword: string; instancePath: string; params: any; message: string }[]): { field: string; message: string } {
  const path = (p: string) => p.replace(/^\//, '').replace(/\//g, '.');
  const extra = errors.find((e) => e.keyword === 'additionalProperties');
  if (extra) {
    const names: string[] = extra.params?.additionalProperties ?? [];
    return { field: path(extra.instancePath) || names[0] || '', message: `unexpected property ${names.map((n) => `"${n}"`).join(', ')}` };
  }
  const missing = errors.find((e) => e.keyword === 'required');
  if (missing) {
    const names: string[] = missing.params?.requiredProperties ?? [];
    return { field: names[0] ?? path(missing.instancePath), message: `missing required property ${names.map((n) => `"${n}"`).join(', ')}` };
  }
  const deepest = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  if (!deepest) return { field: '', message: 'does not match the schema' };
  return { field: path(deepest.instancePath), message: deepest.message };
}

// ---------------------------------------------------------------- server → client

const Iso = Type.String({ description: 'ISO 8601 time' });
const QuestionState = Type.Union([
  Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected'),
  Type.Literal('answered'), Type.Literal('hidden'), Type.Literal('merged')
]);

/** What viewers see of a question (approved or answered; the author sees their own in any state). */
export const PublicQuestion = Type.Object({
  id: Type.String(),
  text: Type.String(),
  lang: LangSchema,
  name: Type.String({ description: 'display name the asker gave, or ""' }),
  state: QuestionState,
  votes: Type.Integer(),
  createdAt: Iso,
  answeredAt: Type.Union([Iso, Type.Null()]),
  answeredOffset: Type.Union([Type.Number(), Type.Null()], { description: 'seconds into the broadcast' }),
  mergedInto: Type.Union([Type.String(), Type.Null()]),
  mine: Type.Optional(Type.Boolean({ description: 'present (true) only for its author' }))
});
export type PublicQuestion = Static<typeof PublicQuestion>;

/** What moderators see: the public view plus the original text, the pseudonymous author and why it waits. */
export const ModQuestion = Type.Object({
  ...PublicQuestion.properties,
  originalText: Type.Union([Type.String(), Type.Null()]),
  author: Type.String({ description: 'pseudonymous key of the asker (same person, same key)' }),
  heldFor: Type.Union([Type.Literal('premoderation'), Type.Literal('blocked_word'), Type.Null()]),
  blockedWords: Type.Array(Type.String()),
  updatedAt: Iso
});
export type ModQuestion = Static<typeof ModQuestion>;

export const QaSettings = Type.Object({
  open: Type.Boolean(),
  mode: Type.Union([Type.Literal('pre'), Type.Literal('post')]),
  slowModeSeconds: Type.Integer(),
  /** moderators only */
  blockedWords: Type.Optional(Type.Array(Type.String()))
});
export type QaSettings = Static<typeof QaSettings>;

export const BroadcastView = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  state: Type.Union([Type.Literal('scheduled'), Type.Literal('live'), Type.Literal('ended')]),
  scheduledAt: Type.Union([Iso, Type.Null()]),
  startedAt: Type.Union([Iso, Type.Null()]),
  endedAt: Type.Union([Iso, Type.Null()]),
  qa: QaSettings,
  onAirQuestionId: Type.Union([Type.String(), Type.Null()]),
  lastSeq: Type.Integer(),
  /** Translations of title and description by language (the Russian original is title/description). */
  i18n: Type.Record(Type.String(), Type.Object({ title: Type.Optional(Type.String()), description: Type.Optional(Type.String()) })),
  posterUrl: Type.Union([Type.String(), Type.Null()]),
  /** While live: where the stream plays and whether the publisher is sending or reconnecting. */
  live: Type.Union([
    Type.Object({
      hlsUrl: Type.Union([Type.String(), Type.Null()]),
      dvrSeconds: Type.Integer(),
      ingest: Type.Union([Type.Literal('idle'), Type.Literal('publishing'), Type.Literal('reconnecting')]),
      /**
       * Moderators' view only: the publisher's longest keyframe gap (seconds) when it is over the
       * live segment target; parts then cannot all start on a keyframe. The stream plays on.
       */
      keyframeSeconds: Type.Optional(Type.Number())
    }),
    Type.Null()
  ]),
  /** After the end: the replay's progress, and its video once there is one. */
  replay: Type.Union([
    Type.Object({
      state: Type.Union([Type.Literal('processing'), Type.Literal('review'), Type.Literal('ready'), Type.Literal('failed')]),
      videoId: Type.String()
    }),
    Type.Null()
  ])
});
export type BroadcastView = Static<typeof BroadcastView>;

export const SanctionView = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('timeout'), Type.Literal('ban')]),
  scope: Type.Union([Type.Literal('broadcast'), Type.Literal('all')]),
  author: Type.String(),
  questionId: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  createdAt: Iso,
  expiresAt: Type.Union([Iso, Type.Null()]),
  liftedAt: Type.Union([Iso, Type.Null()])
});
export type SanctionView = Static<typeof SanctionView>;

const By = Type.Optional(
  Type.Object({ id: Type.String(), name: Type.String(), action: Type.String() }, { description: 'moderators only: who did it' })
);
const Seq = Type.Integer({ minimum: 1 });

/** The events inside an `events` frame. */
export const QaEvent = Type.Union([
  Type.Object({ seq: Seq, type: Type.Literal('question'), question: Type.Union([ModQuestion, PublicQuestion]), by: By }),
  Type.Object({ seq: Seq, type: Type.Literal('question.removed'), id: Type.String() }),
  Type.Object({ seq: Seq, type: Type.Literal('votes'), counts: Type.Record(Type.String(), Type.Integer()) }),
  Type.Object({ seq: Seq, type: Type.Literal('onair'), questionId: Type.Union([Type.String(), Type.Null()]), by: By }),
  Type.Object({ seq: Seq, type: Type.Literal('qa'), qa: QaSettings, by: By }),
  Type.Object({ seq: Seq, type: Type.Literal('broadcast'), broadcast: BroadcastView }),
  Type.Object({ seq: Seq, type: Type.Literal('sanction'), sanction: SanctionView, by: By })
]);
export type QaEvent = Static<typeof QaEvent>;
/** An event before it has a sequence number. */
export type QaEventBody = QaEvent extends infer E ? (E extends QaEvent ? Omit<E, 'seq'> : never) : never;

export const Snapshot = Type.Object({
  broadcast: BroadcastView,
  questions: Type.Array(Type.Union([ModQuestion, PublicQuestion])),
  myVotes: Type.Array(Type.String()),
  sanctions: Type.Optional(Type.Array(SanctionView))
});
export type Snapshot = Static<typeof Snapshot>;

export const ServerMessages = {
  welcome: Type.Object({
    type: Type.Literal('welcome'),
    v: Type.Literal(PROTOCOL_VERSION),
    seq: Type.Integer({ description: 'the snapshot (or the resume point) is as of this seq' }),
    resumed: Type.Boolean({ description: 'true: no snapshot, the missed events follow; false: snapshot' }),
    moderator: Type.Boolean(),
    watching: Type.Integer(),
    snapshot: Type.Optional(Snapshot)
  }),
  events: Type.Object({
    type: Type.Literal('events'),
    from: Type.Integer({ description: 'first seq this frame accounts for' }),
    to: Type.Integer({ description: 'last seq this frame accounts for' }),
    events: Type.Array(QaEvent)
  }),
  ack: Type.Object({
    type: Type.Literal('ack'),
    ref: Type.String(),
    id: Type.String({ description: 'the question (ask, vote, moderation) or sanction the request was about' }),
    seq: Type.Optional(Type.Integer({ description: 'the event the change produced, when it produced one' })),
    state: Type.Optional(QuestionState),
    votes: Type.Optional(Type.Integer()),
    voted: Type.Optional(Type.Boolean())
  }),
  error: Type.Object({
    type: Type.Literal('error'),
    code: Type.Union(ERROR_CODES.map((c) => Type.Literal(c))),
    message: Type.String(),
    ref: Type.Optional(Type.String()),
    field: Type.Optional(Type.String()),
    retryAfter: Type.Optional(Type.Number({ description: 'seconds' }))
  }),
  presence: Type.Object({ type: Type.Literal('presence'), watching: Type.Integer() }),
  pong: Type.Object({ type: Type.Literal('pong'), t: Type.Optional(Type.Number()) })
};
export type ServerMessage = { [K in keyof typeof ServerMessages]: Static<(typeof ServerMessages)[K]> }[keyof typeof ServerMessages];
export type AckMessage = Static<(typeof ServerMessages)['ack']>;
export type WelcomeMessage = Static<(typeof ServerMessages)['welcome']>;
export type ErrorMessage = Static<(typeof ServerMessages)['error']>;
