/**
 * Every problem a subtitle file can have, as a stable code with its values: the studio words it in
 * the producer's language from the code (web/lib/i18n/errors.ts); `message` stays the English text
 * for logs and API clients that read it.
 */
export const SUBTITLE_WARNING_CODES = [
  'malformed_timing',
  'no_timing_line',
  'no_timing_line_end',
  'stray_text',
  'ass_fields',
  'ass_malformed_time',
  'missing_header',
  'ass_tags_removed',
  'ends_before_start',
  'empty_cue',
  'overlap'
] as const;
export type SubtitleWarningCode = (typeof SUBTITLE_WARNING_CODES)[number];

/** Why a file was refused as a whole. */
export const SUBTITLE_ERROR_CODES = ['empty_file', 'blank_file', 'unreadable_encoding', 'not_subtitles', 'no_valid_cue', 'too_large'] as const;
export type SubtitleErrorCode = (typeof SUBTITLE_ERROR_CODES)[number];

export type ProblemParams = Record<string, string | number>;

// A problem that does not stop the file from being published (a dropped cue, an overlap). `line` is the
// 1-based line in the decoded source file so the producer can find it in their editor.
export interface SubtitleProblem {
  line: number;
  code: SubtitleWarningCode;
  /** The values the message names (the broken text, the expected format, the other cue's line…). */
  params?: ProblemParams;
  message: string;
}

// Thrown when a file cannot be turned into subtitles at all. The message names the file and, when
// known, the line; `code` and `params` say the same for pages that word it in another language.
export class SubtitleError extends Error {
  readonly fileName: string;
  readonly line: number | undefined;
  /** The message without the file name and line prefix. */
  readonly reason: string;
  readonly code: SubtitleErrorCode;
  readonly params: ProblemParams;

  constructor(fileName: string, message: string, line?: number, code: SubtitleErrorCode = 'not_subtitles', params: ProblemParams = {}) {
    super(line === undefined ? `${fileName}: ${message}` : `${fileName}: line ${line}: ${message}`);
    this.name = 'SubtitleError';
    this.fileName = fileName;
    this.line = line;
    this.reason = message;
    this.code = code;
    this.params = params;
  }
}
