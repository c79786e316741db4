import { describe, expect, it } from 'vitest';
import { MirrorIndex, matchFile, matchFiles, takeoutKeys, titleKey, youtubeIdsInName, type MirroredCandidate } from '../../../server/youtube/takeout.ts';

const videos: MirroredCandidate[] = [
  { id: 'v1', youtubeId: 'dQw4w9WgXcQ', title: 'Патент: как продлить? (2024)', duration: 300 },
  { id: 'v2', youtubeId: 'aaaaaaaaaa1', title: 'Вопросы и ответы', duration: 1200 },
  { id: 'v3', youtubeId: 'aaaaaaaaaa2', title: 'Вопросы и ответы', duration: 1800 },
  { id: 'v4', youtubeId: 'aaaaaaaaaa3', title: 'Patent | part 2', duration: 61 },
  { id: 'v5', youtubeId: 'aaaaaaaaaa4', title: 'Patent | part 2', duration: 62 },
  { id: 'v6', youtubeId: 'Amnesty2024', title: 'Амнистия для мигрантов: что изменилось в законе с нового года', duration: 95 },
  { id: 'v7', youtubeId: 'bbbbbbbbbb1', title: 'Roʻyxatdan oʻtish / Registration', duration: 40 }
];
const index = new MirrorIndex(videos);
const ok = (m: ReturnType<typeof matchFile>) => ('video' in m ? `${m.video.id}/${m.by}` : m.error);

describe('Takeout matching', () => {
  it('reads ids from yt-dlp names and bare id names, not from words in brackets', () => {
    expect(youtubeIdsInName('Title [dQw4w9WgXcQ].mp4')).toEqual(['dQw4w9WgXcQ']);
    expect(youtubeIdsInName('dQw4w9WgXcQ.mkv')).toEqual(['dQw4w9WgXcQ']);
    expect(youtubeIdsInName('Title [Official].mp4')).toEqual([]);
    expect(youtubeIdsInName('Title.mp4')).toEqual([]);
  });

  it('normalises titles the way Takeout names files', () => {
    expect(titleKey('Патент: как продлить? (2024)')).toBe(titleKey('Патент_ как продлить_ (2024)'));
    expect(titleKey('Патент: как продлить? (2024)')).toBe(titleKey('Патент как продлить (2024)'));
    expect(takeoutKeys('Вопросы и ответы(1).mp4')).toEqual([titleKey('Вопросы и ответы(1)'), titleKey('Вопросы и ответы')]);
  });

  it('matches by id first, whatever the title says', () => {
    expect(ok(matchFile(index, '/x/Something else [dQw4w9WgXcQ].mp4', null))).toBe('v1/id');
    expect(ok(matchFile(index, '/x/dQw4w9WgXcQ.mp4', null))).toBe('v1/id');
    expect(ok(matchFile(index, '/x/Amnesty2024.mp4', 1))).toBe('v6/id');
  });

  it('matches a Takeout name by title and duration within 2 s', () => {
    expect(ok(matchFile(index, '/x/Патент_ как продлить_ (2024).mp4', 301.4))).toBe('v1/title');
    expect(ok(matchFile(index, '/x/Вопросы и ответы.mp4', 1799))).toBe('v3/title');
    expect(ok(matchFile(index, '/x/Вопросы и ответы(1).mp4', 1201))).toBe('v2/title');
    expect(ok(matchFile(index, '/x/Roʻyxatdan oʻtish _ Registration.mp4', 40))).toBe('v7/title');
    // cut long title
    expect(ok(matchFile(index, '/x/Амнистия для мигрантов_ что изменилось в.mp4', 95))).toBe('v6/title');
  });

  it('refuses two candidates and none, with the reason', () => {
    expect(ok(matchFile(index, '/x/Patent _ part 2.mp4', 61.5))).toMatch(/matches 2 mirrored videos.*aaaaaaaaaa3, aaaaaaaaaa4/);
    expect(ok(matchFile(index, '/x/Вопросы и ответы.mp4', 600))).toMatch(/title matches .* but the file lasts 10:00/);
    expect(ok(matchFile(index, '/x/Unknown talk.mp4', 10))).toMatch(/no mirrored video has this title/);
    expect(ok(matchFile(index, '/x/Talk [zzzzzzzzzzz].mp4', 10))).toMatch(/no mirrored video has the YouTube id zzzzzzzzzzz/);
    expect(ok(matchFile(index, '/x/Вопросы и ответы.mp4', null))).toMatch(/duration could not be read/);
    // a short name is never taken as the beginning of a longer title
    expect(ok(matchFile(index, '/x/Вопросы.mp4', 1200))).toMatch(/no mirrored video has this title/);
  });

  it('refuses both files when two claim one video', () => {
    const out = matchFiles(index, [
      { file: '/x/a [dQw4w9WgXcQ].mp4', duration: null },
      { file: '/x/Патент_ как продлить_ (2024).mp4', duration: 300 },
      { file: '/x/Вопросы и ответы.mp4', duration: 1200 }
    ]);
    expect(out.map(ok)).toEqual([expect.stringMatching(/2 files match the video dQw4w9WgXcQ/), expect.stringMatching(/2 files match/), 'v2/title']);
  });
});
