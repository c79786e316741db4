/**
 * The cue editor's working copy of one track: cues with stable ids for the list, their time fields
 * as typed, and the edits (split, merge, add, delete). Flags come from the same pure checks the
 * server runs (media/subtitles/cue-checks.ts), live as the producer types.
 */
import { cueFlags, cueRefusal, formatCueTime, parseCueTime, type CueFlag, type EditorCue } from '../../../media/subtitles/cue-checks.ts';

export interface WorkingCue {
  id: number;
  startText: string;
  endText: string;
  text: string;
  machine: boolean;
}

let nextId = 1;
const working = (c: EditorCue): WorkingCue => ({ id: nextId++, startText: formatCueTime(c.start), endText: formatCueTime(c.end), text: c.text, machine: !!c.machine });

export class CueList {
  cues = $state<WorkingCue[]>([]);
  dirty = $state(false);

  constructor(cues: EditorCue[]) {
    this.reset(cues);
  }

  reset(cues: EditorCue[]): void {
    this.cues = cues.map(working);
    this.dirty = false;
  }

  /** The cues as numbers (NaN where a time field does not read). */
  values(): EditorCue[] {
    return this.cues.map((c) => ({ start: parseCueTime(c.startText), end: parseCueTime(c.endText), text: c.text, ...(c.machine ? { machine: true } : {}) }));
  }

  flags(): CueFlag[][] {
    const v = this.values();
    const ok = v.map((c) => Number.isFinite(c.start) && Number.isFinite(c.end));
    const flags = cueFlags(v.filter((_, i) => ok[i]));
    let j = 0;
    return v.map((_, i) => (ok[i] ? flags[j++]! : []));
  }

  /** The first cue the server would refuse, as {index, which field}. */
  firstRefusal(duration: number | null): { index: number; field: 'start' | 'end' } | null {
    const v = this.values();
    for (let i = 0; i < v.length; i++) {
      const r = cueRefusal(v[i]!, i + 1, duration);
      if (r) return { index: i, field: r.field.endsWith('.start') ? 'start' : 'end' };
    }
    return null;
  }

  /** A person's edit: the cue is theirs now (no longer machine-made). */
  edit(i: number, patch: Partial<Pick<WorkingCue, 'startText' | 'endText' | 'text'>>): void {
    Object.assign(this.cues[i]!, patch, { machine: false });
    this.dirty = true;
  }

  accept(i: number): void {
    this.cues[i]!.machine = false;
    this.dirty = true;
  }

  /** At `caret` (a position inside the text), else halfway; the time is shared in proportion to the text. */
  split(i: number, caret: number | null): void {
    const c = this.values()[i]!;
    if (!Number.isFinite(c.start) || !Number.isFinite(c.end) || c.end <= c.start) return;
    let at = caret !== null && caret > 0 && caret < c.text.length ? caret : -1;
    if (at < 0) {
      // Halfway: at the space nearest the middle, else the middle itself.
      const mid = Math.floor(c.text.length / 2);
      const spaces = [...c.text.matchAll(/[\s]/g)].map((m) => m.index);
      at = spaces.length ? spaces.reduce((a, b) => (Math.abs(b - mid) < Math.abs(a - mid) ? b : a)) : mid;
    }
    const first = c.text.slice(0, at).trim();
    const second = c.text.slice(at).trim();
    const share = c.text.length ? at / c.text.length : 0.5;
    const cut = Math.round((c.start + (c.end - c.start) * Math.min(0.9, Math.max(0.1, share))) * 1000) / 1000;
    this.cues.splice(i, 1, working({ start: c.start, end: cut, text: first }), working({ start: cut, end: c.end, text: second }));
    this.dirty = true;
  }

  mergeWithNext(i: number): void {
    const v = this.values();
    const a = v[i];
    const b = v[i + 1];
    if (!a || !b) return;
    const end = Math.max(a.end, b.end);
    this.cues.splice(i, 2, working({ start: a.start, end: Number.isFinite(end) ? end : a.end, text: [a.text, b.text].filter((x) => x.trim()).join('\n') }));
    this.dirty = true;
  }

  /** After cue i (or first, i = -1): from its end, two seconds, shorter if the next cue starts sooner. */
  addAfter(i: number): void {
    const v = this.values();
    const from = i >= 0 && Number.isFinite(v[i]!.end) ? v[i]!.end : 0;
    const next = v[i + 1]?.start;
    const end = next !== undefined && Number.isFinite(next) && next - from >= 0.5 ? Math.min(from + 2, next) : from + 2;
    this.cues.splice(i + 1, 0, working({ start: from, end, text: '' }));
    this.dirty = true;
  }

  remove(i: number): void {
    this.cues.splice(i, 1);
    this.dirty = true;
  }
}
