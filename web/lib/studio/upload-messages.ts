/**
 * What the studio says when the server refuses or stops an upload for the disk's sake, in the six UI
 * languages (rows in the order ru, uz, tg, az, ro, en, as web/lib/live/messages.ts). The server's
 * answers carry a stable `code`; these are the words for the codes a producer can meet, so the reason
 * reads in their language instead of the server's English.
 */
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  disk_full: [
    'Диск сервера почти заполнен, поэтому загрузка остановлена. Попробуйте позже или сообщите администратору.',
    'Server diski deyarli toʻlgan, shuning uchun yuklash toʻxtatildi. Keyinroq urinib koʻring yoki administratorga xabar bering.',
    'Диски сервер қариб пур аст, бинобар ин боргузорӣ қатъ карда шуд. Баъдтар боз кӯшиш кунед ё ба маъмур хабар диҳед.',
    'Serverin diski demək olar ki, doludur, ona görə yükləmə dayandırıldı. Sonra yenidən cəhd edin və ya administratora bildirin.',
    'Discul serverului este aproape plin, așa că încărcarea a fost oprită. Încercați mai târziu sau anunțați administratorul.',
    "The server's disk is almost full, so the upload was stopped. Try again later or tell the administrator."
  ],
  run_disk_full: [
    'Обработка остановлена: диск сервера почти заполнен. Сообщите администратору; когда место освободится, загрузите файл снова.',
    'Qayta ishlash toʻxtatildi: server diski deyarli toʻlgan. Administratorga xabar bering; joy boʻshagach, faylni qaytadan yuklang.',
    'Коркард қатъ шуд: диски сервер қариб пур аст. Ба маъмур хабар диҳед; вақте ки ҷой холӣ шуд, файлро аз нав бор кунед.',
    'Emal dayandırıldı: serverin diski demək olar ki, doludur. Administratora bildirin; yer boşalanda faylı yenidən yükləyin.',
    'Procesarea s-a oprit: discul serverului este aproape plin. Anunțați administratorul; după ce se eliberează spațiu, încărcați din nou fișierul.',
    "Processing stopped: the server's disk is almost full. Tell the administrator; once space is freed, upload the file again."
  ],
  quota_exceeded: [
    '{file}: с этим файлом вы превысите свой лимит хранения. Удалите ненужные видео или попросите администратора увеличить лимит.',
    '{file}: bu fayl bilan saqlash limitingizdan oshib ketasiz. Keraksiz videolarni oʻchiring yoki administratordan limitni oshirishni soʻrang.',
    '{file}: бо ин файл шумо аз ҳадди нигоҳдории худ мегузаред. Видеоҳои нолозимро нест кунед ё аз маъмур хоҳиш кунед, ки ҳаддро зиёд кунад.',
    '{file}: bu faylla saxlama limitinizi keçəcəksiniz. Lazım olmayan videoları silin və ya administratordan limiti artırmağı xahiş edin.',
    '{file}: cu acest fișier depășiți limita dvs. de stocare. Ștergeți videoclipurile de care nu mai aveți nevoie sau cereți administratorului mai mult spațiu.',
    '{file}: this file would take you over your storage limit. Delete videos you no longer need, or ask the administrator for more space.'
  ],
  upload_in_progress: [
    'В это видео уже идёт другая загрузка (в другой вкладке или на другом устройстве). Сначала завершите или отмените её; загрузка, простоявшая час, заменяется новой.',
    'Bu videoga boshqa yuklash hali davom etmoqda (boshqa varaqda yoki boshqa qurilmada). Avval uni tugating yoki bekor qiling; bir soat harakatsiz turgan yuklash yangisi bilan almashtiriladi.',
    'Ба ин видео боргузории дигар ҳоло идома дорад (дар варақаи дигар ё дастгоҳи дигар). Аввал онро анҷом диҳед ё бекор кунед; боргузорие, ки як соат беҳаракат монд, бо нав иваз мешавад.',
    'Bu videoya başqa yükləmə hələ davam edir (başqa vərəqdə və ya başqa cihazda). Əvvəlcə onu bitirin və ya ləğv edin; bir saat hərəkətsiz qalan yükləmə yenisi ilə əvəz olunur.',
    'O altă încărcare în acest videoclip este încă în curs (în altă filă sau pe alt dispozitiv). Terminați-o sau anulați-o mai întâi; o încărcare inactivă de o oră este înlocuită.',
    'Another upload into this video is still in progress (in another tab or on another device). Finish or cancel it first; an upload left idle for an hour gives way.'
  ],
  bad_metadata: [
    'Запрос на загрузку составлен неверно. Обновите страницу и попробуйте снова.',
    'Yuklash soʻrovi notoʻgʻri tuzilgan. Sahifani yangilang va qaytadan urinib koʻring.',
    'Дархости боргузорӣ нодуруст тартиб дода шудааст. Саҳифаро навсозӣ кунед ва боз кӯшиш кунед.',
    'Yükləmə sorğusu səhv tərtib edilib. Səhifəni yeniləyin və yenidən cəhd edin.',
    'Cererea de încărcare este greșită. Reîncărcați pagina și încercați din nou.',
    'The upload request was malformed. Reload the page and try again.'
  ]
} satisfies Record<string, [string, string, string, string, string, string]>;

export type UploadMessageKey = keyof typeof ROWS;
export const UPLOAD_MESSAGE_ROWS: Record<UploadMessageKey, readonly string[]> = ROWS;

/** An upload message in a UI language (Russian for an unknown one), {placeholders} filled. */
export const upt = messageTable<UploadMessageKey>(ROWS);

/** Codes of upload refusals that stand until the producer (or an administrator) acts: never retried by themselves. */
export const FINAL_UPLOAD_CODES: ReadonlySet<string> = new Set(['disk_full', 'quota_exceeded', 'upload_in_progress', 'bad_metadata']);

/** The producer's words for an upload refusal with this code; null for codes the server's own message explains. */
export function uploadProblem(lang: string, code: string | null, file: string): string | null {
  if (code === null || !(code in ROWS)) return null;
  return upt(lang, code as UploadMessageKey, { file });
}

/** A run or video error that begins with the disk_full code (what the media worker writes), in the producer's words. */
export function runProblem(lang: string, error: string | null): string | null {
  return error?.startsWith('disk_full:') ? upt(lang, 'run_disk_full') : error;
}
