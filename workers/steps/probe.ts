/** probe: what the source is (size, frame rate, audio); a file that is not a usable video fails here, once. */
import { probeFile, type ProbeResult } from '../../media/index.ts';
import type { StepContext } from './context.ts';

export async function probeStep({ data, progress }: StepContext): Promise<ProbeResult> {
  const probe = await probeFile(data.sourcePath, data.sourceName);
  progress(1);
  return probe;
}
