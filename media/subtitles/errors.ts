// A problem that does not stop the file from being published (a dropped cue, an overlap). `line` is the
// 1-based line in the decoded source file so the producer can find it in their editor.
export interface SubtitleProblem {
  line: number;
  message: string;
}

// Thrown when a file cannot be turned into subtitles at all. The message is meant to be shown to the
// producer as is, so it names the file and, when known, the line.
export class SubtitleError extends Error {
  readonly fileName: string;
  readonly line: number | undefined;
  /** The message without the file name and line prefix. */
  readonly reason: string;

  constructor(fileName: string, message: string, line?: number) {
    super(line === undefined ? `${fileName}: ${message}` : `${fileName}: line ${line}: ${message}`);
    this.name = 'SubtitleError';
    this.fileName = fileName;
    this.line = line;
    this.reason = message;
  }
}
