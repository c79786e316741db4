/** What the pipeline tells the rest of the web process about runs (studio progress, tests, the import CLI). */
import type { Step } from '../../jobs/queues.ts';
import type { RunKind } from './flows.ts';

export interface RunEvent {
  videoId: string;
  runId: string;
  kind: RunKind;
  state: 'queued' | 'active' | 'completed' | 'failed';
  step: Step | null;
  /** 0..1 over the whole run, steps weighted by STEP_WEIGHTS. */
  progress: number;
  error: string | null;
  /** 0..1 within `step` (active events; during grow, every rendition still being made is this far). */
  stepFraction?: number;
  /** Seconds `step` still needs at its speed so far (the worker's estimate), null before it has one. */
  etaSeconds?: number | null;
}

export interface RunOutcome {
  state: 'completed' | 'failed';
  error: string | null;
}

export type EmitRunEvent = (e: RunEvent) => void;
