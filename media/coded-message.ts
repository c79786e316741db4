/**
 * A stored or relayed error text that keeps its code. A video's and a run's error travel as plain
 * strings (a BullMQ job's failedReason, a text column, a server-sent event), so the code and the values
 * the studio words it with (file, line, problem…) ride at the end of the English message:
 *   "bad.mp4: a still image, not a video ⟦bad_media {"file":"bad.mp4","problem":"not_video"}⟧"
 * Logs and API clients still read the message first; pages read the code (web/lib/i18n/errors.ts).
 * The older `disk_full: …` prefix (media/disk-space.ts) is read as that code too.
 */
export type CodedParams = Record<string, string | number>;

export interface CodedMessage {
  /** The English message without the code. */
  message: string;
  code: string | null;
  params: CodedParams;
}

const OPEN = ' ⟦';
const CLOSE = '⟧';
const TAIL = /\s?⟦([a-z][a-z0-9_]*)(?: (\{.*\}))?⟧$/s;

/** The message with its code and values appended. */
export function withCode(message: string, code: string, params: CodedParams = {}): string {
  const values = Object.keys(params).length ? ` ${JSON.stringify(params)}` : '';
  return `${readCoded(message).message}${OPEN}${code}${values}${CLOSE}`;
}

/** Splits a text made by withCode; a text without a code comes back with code null (or disk_full for its prefix). */
export function readCoded(text: string): CodedMessage {
  const m = TAIL.exec(text);
  if (m) {
    let params: CodedParams = {};
    try {
      const parsed: unknown = m[2] ? JSON.parse(m[2]) : {};
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) params = parsed as CodedParams;
    } catch {
      /* a hand-edited row: keep the code, drop the values */
    }
    return { message: text.slice(0, m.index), code: m[1]!, params };
  }
  if (text.startsWith('disk_full:')) return { message: text, code: 'disk_full', params: {} };
  return { message: text, code: null, params: {} };
}

/**
 * The text a step fails with when the uploader's file is at fault (MediaInputError, SubtitleError,
 * told apart by name as the worker does): the message with bad_media / bad_subtitles and its values.
 */
export function inputErrorText(err: Error & { code?: string; params?: CodedParams; fileName?: string; line?: number }): string {
  if (err.name === 'MediaInputError') return withCode(err.message, 'bad_media', err.params ?? {});
  if (err.name === 'SubtitleError') {
    const params: CodedParams = { file: err.fileName ?? '', problem: err.code ?? 'not_subtitles', ...err.params };
    if (err.line !== undefined) params.line = err.line;
    return withCode(err.message, 'bad_subtitles', params);
  }
  return err.message;
}
