/**
 * probe: what the source is (size, frame rate, audio); a file that is not a usable video, or one
 * over the caps the web process queued the run with, fails here, once.
 */
import { DEFAULT_MEDIA_LIMITS, probeFile, type ProbeResult } from '../../media/index.ts';
import type { StepContext } from './context.ts';

export async function probeStep({ data, progress }: StepContext): Promise<ProbeResult> {
  // Runs queued before the caps existed carry none: the defaults then.
  const probe = await probeFile(data.sourcePath, data.sourceName, { limits: data.limits ?? DEFAULT_MEDIA_LIMITS });
  progress(1);
  return probe;
}
