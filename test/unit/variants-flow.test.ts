import { describe, expect, it } from 'vitest';
import { buildVariantsFlow, parseVariantJobId } from '../../server/variants/flow.ts';
import { contentDisposition, downloadName } from '../../server/variants/service.ts';
import { parseJobId } from '../../server/pipeline/flows.ts';
import type { VariantsJobData } from '../../jobs/queues.ts';

describe('a variant batch in BullMQ', () => {
  const data = { videoId: 'v1', batchId: 'AbC123xyz09', targets: [] } as unknown as VariantsJobData;

  it('is `variants` on the media queue under `variants-record` on the pipeline queue, ids from the batch', () => {
    const flow = buildVariantsFlow(data);
    expect(flow).toMatchObject({ name: 'variants-record', queueName: 'pipeline', opts: { jobId: 'vb-AbC123xyz09-record' } });
    expect(flow.children).toHaveLength(1);
    expect(flow.children![0]).toMatchObject({ name: 'variants', queueName: 'media', opts: { jobId: 'vb-AbC123xyz09-make', failParentOnFailure: true } });
  });

  it('finds the batch again from a job id; the run listener finds no run in it', () => {
    expect(parseVariantJobId('vb-AbC123xyz09-make')).toEqual({ batchId: 'AbC123xyz09', job: 'make' });
    expect(parseVariantJobId('vb-AbC123xyz09-record')).toEqual({ batchId: 'AbC123xyz09', job: 'record' });
    expect(parseVariantJobId('run1-publish')).toBeNull();
    expect(parseJobId('vb-AbC123xyz09-make')).toBeNull();
    expect(parseJobId('vb-AbC123xyz09-record')).toBeNull();
  });
});

describe('the saved file name', () => {
  it('is the title and the language, cleaned; the header carries it in RFC 5987 with an ASCII fallback', () => {
    expect(downloadName('Патент: как оплатить?', 'tg')).toBe('Патент как оплатить (Тоҷикӣ).mp4');
    expect(downloadName('  ', 'uz')).toBe('video (Oʻzbekcha).mp4');
    const header = contentDisposition(downloadName('Work "permit" 2024', 'ro'), 'ro');
    expect(header).toBe(`attachment; filename="Work permit 2024-ro.mp4"; filename*=UTF-8''Work%20permit%202024%20%28Rom%C3%A2n%C4%83%29.mp4`);
    expect(contentDisposition('Патент (Русский).mp4', 'ru')).toMatch(/^attachment; filename="video-ru\.mp4"; filename\*=UTF-8''%D0%9F/);
  });
});
