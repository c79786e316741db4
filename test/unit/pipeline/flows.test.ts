import { describe, expect, it } from 'vitest';
import type { FlowChildJob, FlowJob } from 'bullmq';
import { buildRunFlow, jobIdOf, lastStepOf, overallProgress, parseJobId, stepsOf } from '../../../server/pipeline/flows.ts';
import type { RunJobData } from '../../../jobs/queues.ts';

const data = (kind: RunJobData['kind']): RunJobData => ({
  videoId: 'vid1234abcd',
  runId: 'Run0123456789ab',
  rev: 3,
  kind,
  workDir: '/data/work/vid1234abcd/3',
  sourcePath: '/data/sources/vid1234abcd/source.mp4',
  sourceName: 'clip.mp4',
  duration: 6,
  subtitles: [{ lang: 'ru', storedPath: '/data/sources/vid1234abcd/subtitles/ru.srt', fileName: 'ru.srt' }],
  ladder: null,
  baseRev: kind === 'subtitles' ? 2 : null
});

/** The chain from the root down: [root, its child, its grandchild, ...]. */
function chain(flow: FlowJob): (FlowJob | FlowChildJob)[] {
  const out: (FlowJob | FlowChildJob)[] = [flow];
  let node: FlowJob | FlowChildJob = flow;
  while (node.children?.length) {
    expect(node.children).toHaveLength(1);
    node = node.children[0];
    out.push(node);
  }
  return out;
}

describe('buildRunFlow', () => {
  it('chains a full run so probe runs first, publish after the first pass, grow and join last, on the right queues', () => {
    const jobs = chain(buildRunFlow(data('full')));
    expect(jobs.map((j) => j.name)).toEqual(['join', 'grow', 'publish', 'thumbnails', 'subtitles', 'ladder', 'probe']);
    expect(jobs.map((j) => j.queueName)).toEqual(['pipeline', 'media', 'pipeline', 'media', 'media', 'media', 'media']);
    expect(lastStepOf('full')).toBe('join');
    expect(lastStepOf('subtitles')).toBe('publish');
    expect(jobs.map((j) => j.opts?.jobId)).toEqual(jobs.map((j) => `Run0123456789ab-${j.name}`));
  });

  it('chains a subtitle-only run as subtitles then publish', () => {
    const jobs = chain(buildRunFlow(data('subtitles')));
    expect(jobs.map((j) => j.name)).toEqual(['publish', 'subtitles']);
    expect(jobs[1].data.baseRev).toBe(2);
  });

  it('retries three times with exponential backoff; a failed child fails its parent', () => {
    const [root, ...children] = chain(buildRunFlow(data('full')));
    for (const j of [root, ...children]) {
      expect(j.opts).toMatchObject({ attempts: 3, backoff: { type: 'exponential', delay: 1000 } });
      expect(j.data).toEqual(data('full'));
    }
    for (const c of children) expect(c.opts).toMatchObject({ failParentOnFailure: true });
    expect(root.opts).not.toHaveProperty('failParentOnFailure');
  });

  it('uses job ids BullMQ accepts (no ":", not an integer)', () => {
    for (const j of chain(buildRunFlow(data('full')))) {
      expect(j.opts!.jobId).not.toContain(':');
      expect(String(Number.parseInt(j.opts!.jobId!, 10))).not.toBe(j.opts!.jobId);
    }
  });
});

describe('job ids', () => {
  it('round-trip to run and step', () => {
    for (const step of stepsOf('full')) expect(parseJobId(jobIdOf('abcDEF123', step))).toEqual({ runId: 'abcDEF123', step });
  });
  it('reject ids that are not a step of a run', () => {
    expect(parseJobId('abc-unknown')).toBeNull();
    expect(parseJobId('publish')).toBeNull();
    expect(parseJobId('123')).toBeNull();
  });
});

describe('overallProgress', () => {
  it('weights a full run by STEP_WEIGHTS', () => {
    expect(overallProgress('full', 'probe', 0)).toBe(0);
    expect(overallProgress('full', 'ladder', 0)).toBeCloseTo(0.02);
    expect(overallProgress('full', 'ladder', 0.5)).toBeCloseTo(0.42);
    expect(overallProgress('full', 'thumbnails', 1)).toBeCloseTo(0.95);
    expect(overallProgress('full', 'publish', 1)).toBeCloseTo(1);
  });

  it('published early, gives grow (the rungs after the first) most of the bar', () => {
    expect(overallProgress('full', 'ladder', 1, true)).toBeCloseTo(0.2);
    expect(overallProgress('full', 'publish', 1, true)).toBeCloseTo(0.3);
    expect(overallProgress('full', 'grow', 0.5, true)).toBeCloseTo(0.635);
    expect(overallProgress('full', 'join', 1, true)).toBeCloseTo(1);
    const points = stepsOf('full').flatMap((s) => [0, 0.5, 1].map((f) => overallProgress('full', s, f, true)));
    expect(points).toEqual([...points].sort((a, b) => a - b));
    // A subtitle-only run has one weighting whatever the flag says.
    expect(overallProgress('subtitles', 'subtitles', 1, true)).toBe(overallProgress('subtitles', 'subtitles', 1));
  });

  it('spreads a subtitle-only run over its own two steps', () => {
    expect(overallProgress('subtitles', 'subtitles', 0)).toBe(0);
    expect(overallProgress('subtitles', 'subtitles', 1)).toBeCloseTo(0.03 / 0.08);
    expect(overallProgress('subtitles', 'publish', 1)).toBeCloseTo(1);
  });

  it('never goes backwards from one step to the next, and clamps bad fractions', () => {
    const points = stepsOf('full').flatMap((s) => [0, 0.5, 1].map((f) => overallProgress('full', s, f)));
    expect(points).toEqual([...points].sort((a, b) => a - b));
    expect(overallProgress('full', 'ladder', 7)).toBe(overallProgress('full', 'ladder', 1));
    expect(overallProgress('full', 'ladder', Number.NaN)).toBe(overallProgress('full', 'ladder', 0));
  });
});
