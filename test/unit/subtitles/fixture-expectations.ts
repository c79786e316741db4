// What the shared fixtures (copied byte for byte into ./fixtures from /work/shared/fixtures/subtitles)
// contain, copied by hand from the files. Kept apart from the parser so the tests compare against the
// source text, not against the parser's own idea of it.
import { readFileSync } from 'node:fs';

export function fixtureBytes(name: string): Uint8Array {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}

// Every fixture has the same six cues: 0.5-3.5, 4-7.5, ..., 20-23.5 s.
export const FIXTURE_TIMES: [number, number][] = [
  [0.5, 3.5],
  [4, 7.5],
  [8, 11.5],
  [12, 15.5],
  [16, 19.5],
  [20, 23.5]
];

export interface FixtureExpectation {
  file: string;
  format: 'srt' | 'vtt' | 'ass';
  encoding: string;
  /** Source line of each cue's timing line (Dialogue line for ASS). */
  lines: number[];
  texts: string[];
}

const SRT_LINES = [2, 6, 10, 14, 18, 22];

export const FIXTURES: FixtureExpectation[] = [
  {
    file: 'ru.srt',
    format: 'srt',
    encoding: 'utf-8',
    lines: SRT_LINES,
    texts: [
      'Здравствуйте! Сегодня расскажем, как получить патент на работу.',
      'Подать документы нужно в течение 30 дней после въезда в Россию.',
      'Вам понадобятся паспорт, миграционная карта и медицинская страховка.',
      'Не забудьте сдать экзамен по русскому языку, истории и праву.',
      'Авансовый платёж за патент нужно вносить каждый месяц вовремя.',
      'Если есть вопросы, задайте их в прямом эфире. Мы ответим!'
    ]
  },
  {
    file: 'uz.bom.srt',
    format: 'srt',
    encoding: 'utf-8',
    lines: SRT_LINES,
    texts: [
      'Assalomu alaykum! Bugun ishlash uchun patentni qanday olishni aytib beramiz.',
      'Hujjatlarni Rossiyaga kirgandan keyin 30 kun ichida topshirish kerak.',
      'Sizga pasport, migratsiya kartasi va tibbiy sugʻurta kerak boʻladi.',
      'Rus tili, tarix va huquq boʻyicha imtihon topshirishni unutmang.',
      'Patent uchun avans toʻlovini har oy oʻz vaqtida toʻlash kerak.',
      'Savollaringiz boʻlsa, ularni jonli efirda bering. Biz javob beramiz!'
    ]
  },
  {
    file: 'tg.vtt',
    format: 'vtt',
    encoding: 'utf-8',
    lines: [3, 6, 9, 12, 15, 18],
    texts: [
      'Салом! Имрӯз мегӯем, ки чӣ тавр патенти корӣ гирифтан мумкин аст.',
      'Ҳуҷҷатҳоро дар давоми 30 рӯз пас аз ворид шудан ба Русия супоридан лозим.',
      'Ба шумо шиноснома, корти муҳоҷират ва суғуртаи тиббӣ лозим мешавад.',
      'Имтиҳони забони русӣ, таърих ва ҳуқуқро супоридан фаромӯш накунед.',
      'Пардохти пешакии патентро ҳар моҳ сари вақт пардохт кардан лозим.',
      'Агар савол дошта бошед, онҳоро дар пахши мустақим диҳед. Мо ҷавоб медиҳем!'
    ]
  },
  {
    file: 'az.ass',
    format: 'ass',
    encoding: 'utf-8',
    lines: [13, 14, 15, 16, 17, 18],
    texts: [
      'Salam! Bu gün iş patentini necə almağı izah edəcəyik.',
      'Sənədləri Rusiyaya girişdən sonra 30 gün ərzində təqdim etmək lazımdır.',
      'Sizə pasport, miqrasiya kartı və tibbi sığorta lazım olacaq.',
      'Rus dili, tarix və hüquq üzrə imtahan verməyi unutmayın.',
      'Patent üçün avans ödənişini hər ay vaxtında ödəmək lazımdır.',
      'Sualınız varsa, onları canlı efirdə verin. Biz cavab verəcəyik!'
    ]
  },
  {
    file: 'ro.crlf.srt',
    format: 'srt',
    encoding: 'utf-8',
    lines: SRT_LINES,
    texts: [
      'Bună ziua! Astăzi vă explicăm cum să obțineți un patent de muncă.',
      'Documentele trebuie depuse în termen de 30 de zile de la intrarea în Rusia.',
      'Veți avea nevoie de pașaport, carte de migrare și asigurare medicală.',
      'Nu uitați să susțineți examenul de limba rusă, istorie și drept.',
      'Plata în avans pentru patent trebuie achitată la timp în fiecare lună.',
      'Dacă aveți întrebări, puneți-le în direct. Vă vom răspunde!'
    ]
  },
  {
    file: 'en.srt',
    format: 'srt',
    encoding: 'utf-8',
    lines: SRT_LINES,
    texts: [
      'Hello! Today we will explain how to get a work patent.',
      'You must submit the documents within 30 days of entering Russia.',
      'You will need a passport, a migration card and medical insurance.',
      'Do not forget to pass the exam in Russian language, history and law.',
      'The advance payment for the patent must be paid on time every month.',
      'If you have questions, ask them during the live broadcast. We will answer!'
    ]
  }
];
