/**
 * Demo content for a first start: one account per role and a short tutorial with subtitles in all
 * six languages, put through the real studio flow (so it shows up processed and published once the
 * worker is done). Runs once: a database that already has the demo producer is left alone.
 *   npm run seed         (with PGlite, stop a running Efir first: it holds the database)
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Efir } from '../server/context.ts';
import type { Role, User } from '../server/repositories/users.ts';
import { runFfmpeg, syntheticClipArgs } from '../media/index.ts';
import { SUBTITLE_LANGUAGES } from '../media/subtitles/index.ts';
import { ingestFile } from './lib/ingest.ts';

export const DEMO_LOGINS: { role: Role; email: string; password: string; name: string }[] = [
  { role: 'admin', email: 'admin@efir.local', password: 'efir-admin', name: 'Demo admin' },
  { role: 'producer', email: 'producer@efir.local', password: 'efir-producer', name: 'Demo producer' },
  { role: 'moderator', email: 'moderator@efir.local', password: 'efir-moderator', name: 'Demo moderator' }
];

const ASSETS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'seed-assets');

/** Long enough for the subtitles (last cue ends at 15 s), small enough to process in seconds. */
const DEMO_CLIP = { duration: 20, width: 1280, height: 720, fps: 30 };

export async function seedDemo(efir: Efir): Promise<{ created: boolean }> {
  const producerLogin = DEMO_LOGINS.find((l) => l.role === 'producer')!;
  const existing = (await efir.users.list()).find((u) => u.email === producerLogin.email);
  if (existing) return { created: false };

  const users = new Map<Role, User>();
  for (const l of DEMO_LOGINS) {
    users.set(l.role, (await efir.auth.upsertUser({ email: l.email, displayName: l.name, role: l.role, password: l.password })).user);
  }

  const clip = path.join(efir.paths.uploads, 'demo-source.mp4');
  await runFfmpeg(syntheticClipArgs(clip, DEMO_CLIP));
  try {
    await ingestFile(efir, {
      user: users.get('producer')!,
      sourcePath: clip,
      title: 'Патент на работу: как платить НДФЛ вовремя (демо)',
      description:
        'Демонстрационный ролик Efir: тестовая картинка с субтитрами на шести языках — русском, узбекском, таджикском, азербайджанском, румынском и английском.',
      subtitles: SUBTITLE_LANGUAGES.map((lang) => ({ lang, path: path.join(ASSETS, `demo.${lang}.srt`) })),
      publishWhenReady: true
    });
  } finally {
    await fs.rm(clip, { force: true });
  }
  // A debate scheduled for tomorrow evening: the home page's "next broadcast" and a waiting room
  // where early questions can already be asked; the producer's studio shows its stream key for OBS.
  const tomorrow = new Date(Date.now() + 24 * 3600_000);
  tomorrow.setUTCHours(16, 0, 0, 0); // 19:00 in Moscow
  await efir.live.createBroadcast(users.get('producer')!, {
    title: 'Прямой эфир: патент, регистрация и штрафы — вопросы юристам (демо)',
    description: 'Юристы отвечают на вопросы зрителей в прямом эфире. Задавайте вопросы заранее.',
    i18n: {
      uz: { title: 'Jonli efir: patent, roʻyxatdan oʻtish va jarimalar — huquqshunoslarga savollar (demo)' },
      tg: { title: 'Пахши мустақим: патент, бақайдгирӣ ва ҷаримаҳо — саволҳо ба ҳуқуқшиносон (демо)' },
      az: { title: 'Canlı yayım: patent, qeydiyyat və cərimələr — hüquqşünaslara suallar (demo)' },
      ro: { title: 'Transmisiune în direct: patentă, înregistrare și amenzi — întrebări pentru juriști (demo)' },
      en: { title: 'Live: work patents, registration and fines — questions to lawyers (demo)' }
    },
    scheduledAt: tomorrow.toISOString()
  });
  return { created: true };
}

// `npm run seed`: the same, on its own.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { loadConfig } = await import('../config/index.ts');
  const { createEfir } = await import('../server/context.ts');
  const { chooseRedis } = await import('./lib/redis-choice.ts');
  const config = loadConfig();
  const redis = await chooseRedis(config);
  const efir = await createEfir(config, { redisUrl: redis.url });
  try {
    const { created } = await seedDemo(efir);
    console.log(created ? 'demo content created; it is processed when Efir runs (npm start)' : 'demo content exists already');
  } finally {
    await efir.close();
    await redis.managed?.stop();
  }
}
