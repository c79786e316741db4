/** The pure reading of pages the pages' language test (test/integration/pages/language-leaks.test.ts) relies on. */
import { expect, test } from 'vitest';
import { containsWord, foreignTo, pageLeaks, pieces, sourceWordsForeignTo, visibleText, wrongScript } from '../../helpers/lang-leaks.ts';

test('the text a person reads: attributes kept, scripts and markup gone', () => {
  const html = '<head><title>Efir &amp; co</title><script>var x = "Loaded"</script></head><body><button aria-label="Play" class="x">▶</button><img alt="poster" src="a.jpg"><!-- x --><p>a&nbsp;b</p></body>';
  expect(visibleText(html).split('\n').sort()).toEqual(['Efir & co', 'Play', 'a\u00a0b', 'poster', '▶'].sort());
  expect(containsWord('Serverul', 'Server')).toBe(false);
  expect(wrongScript('uz', 'Til: Русский, Oʻzbekcha. Загрузить')).toEqual(['Загрузить']);
  expect(wrongScript('tg', 'Файлҳои SRT (dars.tg.srt) аз rtmp://x/live, JavaScript-ро Upload')).toEqual(['Upload']);
  expect(containsWord('the Server.', 'Server')).toBe(true);
});

test('a language’s foreign strings: the other languages’ distinctive pieces it does not hold', () => {
  expect(pieces('Вы вошли как {name}')).toEqual(['Вы вошли как']);
  expect(pieces('{n} MB')).toEqual([]);
  const toUzbek = foreignTo('uz');
  expect(toUzbek.get('Видеотека')).toBe('ru');
  expect(toUzbek.has('Videoteka')).toBe(false);
  expect(toUzbek.has('Русский')).toBe(false); // the language menu names each language in its own script
});

test('a page’s leaks: table strings, the other script, untranslated source words, video.js; people’s words aside', () => {
  const html = '<main><h1>Sualların moderasiyası</h1><p>Модератор: approve</p><button>Müəllifə fasilə (10 min)</button><a href="/x">rtmp://h/live</a><span>Playback Rate</span></main>';
  expect(pageLeaks('az', html, ['Модератор'])).toEqual(['"Playback Rate" (en: video.js)', '"approve" (a word of en)', '"min" (a word of en)']);
  expect(pageLeaks('az', '<p>Videoteka</p>')).toEqual([]);
  // A key shown for want of its namespace; a file name with a dot is not one.
  expect(pageLeaks('ru', '<p>studio.upload_title</p><p>dars.tg.srt</p>')).toEqual(['"studio.upload_title" (a message key)']);
  expect(sourceWordsForeignTo('tg').has('загрузка')).toBe(true);
  expect(sourceWordsForeignTo('en').size).toBe(0);
});
