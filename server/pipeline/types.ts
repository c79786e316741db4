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
}

export interface RunOutcome {
  state: 'completed' | 'failed';
  error: string | null;
}

export type EmitRunEvent = (e: RunEvent) => void;
