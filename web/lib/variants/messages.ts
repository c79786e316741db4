/**
 * Interface strings of subtitled variants (issue 12): the watch page's "Download with subtitles" /
 * "Share" panel and the studio's "make all" button. One row per key in the order ru, uz, tg, az, ro,
 * en. `err_<code>` rows translate the codes the variant service refuses with.
 */
import { errorText } from '../i18n/errors.ts';
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  title: ['Видео с субтитрами для мессенджеров', 'Messenjerlar uchun subtitrli video', 'Видео бо субтитр барои мессенҷерҳо', 'Messencerlər üçün subtitrli video', 'Videoclip cu subtitrări pentru mesagerie', 'Video with subtitles for messengers'],
  language: ['Язык субтитров', 'Subtitr tili', 'Забони субтитр', 'Subtitr dili', 'Limba subtitrărilor', 'Subtitle language'],
  download: ['Скачать с субтитрами', 'Subtitrlar bilan yuklab olish', 'Бо субтитр боргирӣ кардан', 'Subtitrlərlə yüklə', 'Descarcă cu subtitrări', 'Download with subtitles'],
  share: ['Поделиться', 'Ulashish', 'Мубодила кардан', 'Paylaş', 'Distribuie', 'Share'],
  preparing: ['Готовим видео… {n}%', 'Video tayyorlanmoqda… {n}%', 'Видео омода мешавад… {n}%', 'Video hazırlanır… {n}%', 'Pregătim videoclipul… {n}%', 'Preparing… {n}%'],
  ready: ['Файл готов ({size})', 'Fayl tayyor ({size})', 'Файл омода аст ({size})', 'Fayl hazırdır ({size})', 'Fișierul este gata ({size})', 'The file is ready ({size})'],
  save_file: ['Сохранить файл ({size})', 'Faylni saqlash ({size})', 'Файлро нигоҳ доштан ({size})', 'Faylı yadda saxla ({size})', 'Salvează fișierul ({size})', 'Save the file ({size})'],
  over_cap: ['Файл будет около {size}: больше, чем мессенджеры отправляют как видео ({cap}). Его можно отправить как документ.', 'Fayl taxminan {size} boʻladi: bu messenjerlar video sifatida yuboradigan hajmdan ({cap}) katta. Uni hujjat sifatida yuborish mumkin.', 'Файл тақрибан {size} мешавад: аз он ки мессенҷерҳо ҳамчун видео мефиристанд ({cap}) калонтар. Онро ҳамчун ҳуҷҷат фиристодан мумкин аст.', 'Fayl təxminən {size} olacaq: messencerlərin video kimi göndərdiyindən ({cap}) böyükdür. Onu sənəd kimi göndərmək olar.', 'Fișierul va avea aproximativ {size}: mai mult decât trimit aplicațiile de mesagerie ca videoclip ({cap}). Îl puteți trimite ca document.', 'The file will be about {size}: larger than messengers send inline as a video ({cap}). You can send it as a document.'],
  fetching: ['Загружаем файл для отправки… {n}%', 'Yuborish uchun fayl yuklanmoqda… {n}%', 'Файл барои фиристодан бор мешавад… {n}%', 'Göndərmək üçün fayl yüklənir… {n}%', 'Se încarcă fișierul pentru trimitere… {n}%', 'Loading the file to send… {n}%'],
  send: ['Отправить', 'Yuborish', 'Фиристодан', 'Göndər', 'Trimite', 'Send'],
  no_file_share: ['Этот браузер не может отправить сам файл: сохраните его или отправьте ссылку.', 'Bu brauzer faylning oʻzini yubora olmaydi: uni saqlang yoki havolani yuboring.', 'Ин браузер худи файлро фиристода наметавонад: онро нигоҳ доред ё истинодро фиристед.', 'Bu brauzer faylın özünü göndərə bilmir: onu yadda saxlayın və ya linki göndərin.', 'Acest browser nu poate trimite fișierul în sine: salvați-l sau trimiteți linkul.', 'This browser cannot send the file itself: save it or send the link.'],
  copy_link: ['Скопировать ссылку', 'Havoladan nusxa olish', 'Нусха бардоштани истинод', 'Linki kopyala', 'Copiază linkul', 'Copy the link'],
  copied: ['Ссылка скопирована', 'Havoladan nusxa olindi', 'Истинод нусха бардошта шуд', 'Link kopyalandı', 'Linkul a fost copiat', 'Link copied'],
  link_label: ['Ссылка на видео', 'Video havolasi', 'Истиноди видео', 'Videonun linki', 'Linkul videoclipului', 'Link to the video'],
  failed: ['Не удалось подготовить видео: {message}', 'Videoni tayyorlab boʻlmadi: {message}', 'Видеоро омода кардан муяссар нашуд: {message}', 'Videonu hazırlamaq alınmadı: {message}', 'Videoclipul nu a putut fi pregătit: {message}', 'The video could not be prepared: {message}'],
  retry: ['Попробовать снова', 'Qayta urinib koʻrish', 'Аз нав кӯшиш кардан', 'Yenidən cəhd et', 'Încearcă din nou', 'Try again'],
  mb: ['{n} МБ', '{n} MB', '{n} МБ', '{n} MB', '{n} MB', '{n} MB'],
  // the studio
  make_all: ['Сделать видео с субтитрами на всех языках', 'Barcha tillarda subtitrli video tayyorlash', 'Видео бо субтитр ба ҳамаи забонҳо сохтан', 'Bütün dillərdə subtitrli video hazırla', 'Pregătește videoclipuri cu subtitrări în toate limbile', 'Make all subtitled variants'],
  made_all: ['Видео с субтитрами готовятся: {langs}', 'Subtitrli videolar tayyorlanmoqda: {langs}', 'Видеоҳо бо субтитр омода мешаванд: {langs}', 'Subtitrli videolar hazırlanır: {langs}', 'Se pregătesc videoclipurile cu subtitrări: {langs}', 'Subtitled variants on their way: {langs}'],
  // refusals by code
  err_no_subtitles: ['У этого видео нет субтитров на этом языке.', 'Bu videoda shu tildagi subtitrlar yoʻq.', 'Ин видео бо ин забон субтитр надорад.', 'Bu videonun bu dildə subtitrləri yoxdur.', 'Acest videoclip nu are subtitrări în această limbă.', 'This video has no subtitles in that language.'],
  err_not_ready: ['Это видео пока нельзя подготовить: исходного файла ещё нет на нашем сервере.', 'Bu videoni hozircha tayyorlab boʻlmaydi: asl fayl hali serverimizda yoʻq.', 'Ин видеоро ҳоло омода кардан мумкин нест: файли аслӣ ҳанӯз дар сервери мо нест.', 'Bu videonu hələ hazırlamaq olmur: orijinal fayl hələ serverimizdə yoxdur.', 'Acest videoclip nu poate fi pregătit încă: fișierul original nu este încă pe serverul nostru.', 'This video cannot be prepared yet: its original file is not on our server yet.'],
  err_rate_limited: ['Слишком много запросов с вашего адреса. Попробуйте позже.', 'Manzilingizdan juda koʻp soʻrov keldi. Keyinroq urinib koʻring.', 'Аз суроғаи шумо дархостҳо хеле зиёданд. Баъдтар кӯшиш кунед.', 'Ünvanınızdan çox sorğu gəlib. Sonra yenidən cəhd edin.', 'Prea multe cereri de la adresa dvs. Încercați mai târziu.', 'Too many requests from your address. Try again later.'],
  err_not_found: ['Видео не найдено.', 'Video topilmadi.', 'Видео ёфт нашуд.', 'Video tapılmadı.', 'Videoclipul nu a fost găsit.', 'Video not found.'],
  err_unsupported_language: ['Этот язык не поддерживается.', 'Bu til qoʻllab-quvvatlanmaydi.', 'Ин забон дастгирӣ намешавад.', 'Bu dil dəstəklənmir.', 'Această limbă nu este acceptată.', 'This language is not supported.'],
  err_network: ['Нет связи с сервером. Проверьте интернет и попробуйте снова.', 'Server bilan aloqa yoʻq. Internetni tekshirib, qayta urinib koʻring.', 'Бо сервер алоқа нест. Интернетро санҷед ва аз нав кӯшиш кунед.', 'Serverlə əlaqə yoxdur. İnterneti yoxlayın və yenidən cəhd edin.', 'Nu există conexiune cu serverul. Verificați internetul și încercați din nou.', 'No connection to the server. Check the internet and try again.'],
  err_forbidden: ['Недостаточно прав.', 'Huquqlar yetarli emas.', 'Ҳуқуқ кифоя нест.', 'İcazəniz yoxdur.', 'Nu aveți permisiunea.', 'You are not allowed to do that.'],
  err_share_failed: ['Не удалось отправить файл.', 'Faylni yuborib boʻlmadi.', 'Файлро фиристодан муяссар нашуд.', 'Faylı göndərmək alınmadı.', 'Fișierul nu a putut fi trimis.', 'The file could not be sent.']
} satisfies Record<string, [string, string, string, string, string, string]>;

export type VariantMessageKey = keyof typeof ROWS;
export const VARIANT_MESSAGE_ROWS: Record<VariantMessageKey, readonly string[]> = ROWS;

/** A message of the variants panel in a UI language (Russian for an unknown one). */
export const vm = messageTable<VariantMessageKey>(ROWS);

/** A refusal translated by its code; an unknown code keeps the server's message inside "failed". */
export function vmError(lang: string, problem: { code: string; message: string }): string {
  const key = `err_${problem.code}`;
  return key in ROWS ? vm(lang, key as VariantMessageKey) : vm(lang, 'failed', { message: errorText(lang, problem) });
}

/** Bytes as "4.2 MB" in the UI language (decimal megabytes, as messengers count). */
export function megabytes(lang: string, bytes: number): string {
  const n = bytes / 1_000_000;
  const text = (n < 10 ? n.toFixed(1) : Math.round(n).toString()).replace('.', lang === 'en' ? '.' : ',');
  return vm(lang, 'mb', { n: text });
}
