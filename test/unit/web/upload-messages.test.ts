import { describe, expect, it } from 'vitest';
import { checkMessageRows } from './message-rows.ts';
import { FINAL_UPLOAD_CODES, UPLOAD_MESSAGE_ROWS, runProblem, uploadProblem } from '../../../web/lib/studio/upload-messages.ts';

describe('upload and disk messages of the studio', () => {
  checkMessageRows(UPLOAD_MESSAGE_ROWS);

  it('has words for every code the upload refuses with for good, and none for others', () => {
    for (const code of FINAL_UPLOAD_CODES) expect(uploadProblem('en', code, 'a.mp4'), code).not.toBeNull();
    expect(uploadProblem('uz', 'quota_exceeded', 'dars.mp4')).toMatch(/^dars\.mp4: bu fayl/);
    expect(uploadProblem('ru', 'bad_media', 'a.mp4')).toBeNull();
    expect(uploadProblem('ru', null, 'a.mp4')).toBeNull();
  });

  it("translates a run stopped by the disk reserve, and leaves other errors as the server wrote them", () => {
    expect(runProblem('ro', "disk_full: the server's disk is nearly full (1 GB free, 4 GB must stay free)")).toMatch(/^Procesarea s-a oprit/);
    expect(runProblem('en', 'clip.mp4: audio only: no video stream')).toBe('clip.mp4: audio only: no video stream');
    expect(runProblem('en', null)).toBeNull();
  });
});
