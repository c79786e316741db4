/**
 * Processing progress as it happens: the server's event stream (GET /api/studio/events) of the
 * producer's runs. EventSource reconnects by itself (the server asks for 3 s); after a gap the list is
 * reloaded, since events sent meanwhile are not replayed.
 */
import type { StudioRun, StudioVideo } from '../../../server/services/studio.ts';
import { readCoded } from '../../../media/coded-message.ts';

export interface RunEvent {
  videoId: string;
  runId: string;
  kind: 'full' | 'subtitles';
  state: 'queued' | 'active' | 'completed' | 'failed';
  step: string | null;
  progress: number;
  error: string | null;
  stepFraction?: number;
  etaSeconds?: number | null;
}

/** Steps of a full run that come after its revision was published (issue 15): the video plays meanwhile. */
export const GROWING_STEPS: readonly string[] = ['grow', 'join'];

export class LiveRuns {
  runs: Record<string, RunEvent> = $state({});
  lost = $state(false);

  /** Starts listening; `refresh` reloads the page data (a run ended, or the stream came back). */
  connect(refresh: () => void): () => void {
    const source = new EventSource('/api/studio/events');
    source.onmessage = (m) => {
      let e: RunEvent;
      try {
        e = JSON.parse(m.data);
      } catch {
        return;
      }
      const before = this.runs[e.videoId];
      this.runs[e.videoId] = e;
      // Published with its first rung (publish done, the run goes on to grow its ladder): the row's
      // state, poster, Watch link and renditions are new.
      const published =
        e.state === 'active' &&
        e.kind === 'full' &&
        ((e.step === 'publish' && e.stepFraction === 1) || (GROWING_STEPS.includes(e.step ?? '') && (before?.runId !== e.runId || !GROWING_STEPS.includes(before.step ?? ''))));
      if (e.state === 'completed' || e.state === 'failed' || published) refresh();
    };
    source.onopen = () => {
      if (this.lost) refresh();
      this.lost = false;
    };
    source.onerror = () => {
      this.lost = true;
    };
    return () => source.close();
  }

  /** The run to show for a video: the live one, unless the reloaded row already has its outcome. */
  runOf(v: StudioVideo): StudioRun | null {
    const e = this.runs[v.id];
    if (!e) return v.run;
    if (v.run && v.run.id === e.runId && (v.run.state === 'completed' || v.run.state === 'failed')) return v.run;
    // The event carries the stored text: its code (media/coded-message.ts) is split off as the view does.
    const coded = e.error === null ? null : readCoded(e.error);
    const problem = coded?.code ? { code: coded.code, params: coded.params } : null;
    return {
      id: e.runId,
      rev: v.run?.id === e.runId ? v.run.rev : 0,
      kind: e.kind,
      state: e.state,
      step: e.step,
      progress: e.progress,
      error: coded?.message ?? null,
      problem,
      stepFraction: e.stepFraction,
      etaSeconds: e.etaSeconds
    };
  }
}
