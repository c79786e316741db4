/**
 * The studio's words for the YouTube channel (issue 11): mirrored videos and their originals, and
 * publishing a tutorial to YouTube; rows in the order ru, uz, tg, az, ro, en (as
 * web/lib/live/messages.ts). `err_<code>` rows translate the codes the publish action can answer.
 */
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  mirrored: ['С YouTube', 'YouTube’dan', 'Аз YouTube', 'YouTube-dan', 'De pe YouTube', 'From YouTube'],
  channel_title: ['Видео канала YouTube', 'YouTube kanali videolari', 'Видеоҳои канали YouTube', 'YouTube kanalının videoları', 'Videoclipurile canalului YouTube', 'Videos of the YouTube channel'],
  channel_hint: [
    'Видео канала организации. Любой продюсер может прикрепить исходный файл и субтитры; удалять и скрывать их нужно на YouTube.',
    'Tashkilot kanalining videolari. Har qanday prodyuser asl fayl va subtitrlarni biriktirishi mumkin; oʻchirish va yashirish YouTube’da qilinadi.',
    'Видеоҳои канали ташкилот. Ҳар як продюсер метавонад файли аслӣ ва зернависҳоро замима кунад; нест кардан ва пинҳон кардан дар YouTube анҷом дода мешавад.',
    'Təşkilatın kanalının videoları. İstənilən prodüser orijinal faylı və altyazıları əlavə edə bilər; silmək və gizlətmək YouTube-da edilir.',
    'Videoclipurile canalului organizației. Orice producător poate atașa fișierul original și subtitrările; ștergerea și ascunderea se fac pe YouTube.',
    'The organisation’s channel videos. Any producer may attach the original file and subtitles; deleting and hiding them is done on YouTube.'
  ],
  on_youtube: ['Открыть на YouTube', 'YouTube’da ochish', 'Дар YouTube кушодан', 'YouTube-da aç', 'Deschide pe YouTube', 'Open on YouTube'],
  needs_original: [
    'Пока играет плеер YouTube: у Efir нет исходного файла этого видео.',
    'Hozircha YouTube pleyeri oʻynaydi: Efir’da bu videoning asl fayli yoʻq.',
    'Ҳоло плеери YouTube мебозад: Efir файли аслии ин видеоро надорад.',
    'Hələlik YouTube pleyeri oynayır: Efir-də bu videonun orijinal faylı yoxdur.',
    'Deocamdată rulează playerul YouTube: Efir nu are fișierul original al acestui videoclip.',
    'For now the YouTube player plays it: Efir does not have this video’s original file.'
  ],
  attach_original: ['Прикрепить исходник', 'Asl faylni biriktirish', 'Замима кардани файли аслӣ', 'Orijinalı əlavə et', 'Atașează originalul', 'Attach original'],
  attach_hint: [
    'После обработки видео будет воспроизводиться с серверов Efir, с выбором качества и субтитров; до тех пор — через YouTube.',
    'Qayta ishlangach, video Efir serverlaridan sifat va subtitr tanlovi bilan oʻynaydi; shu paytgacha — YouTube orqali.',
    'Пас аз коркард видео аз серверҳои Efir бо интихоби сифат ва зернавис пахш мешавад; то он вақт — тавассути YouTube.',
    'Emaldan sonra video Efir serverlərindən keyfiyyət və altyazı seçimi ilə oynanacaq; o vaxta qədər — YouTube vasitəsilə.',
    'După procesare, videoclipul va rula de pe serverele Efir, cu alegerea calității și a subtitrărilor; până atunci, prin YouTube.',
    'Once processed, the video plays from Efir’s own servers with quality and subtitle menus; until then through YouTube.'
  ],
  attach_send: ['Загрузить', 'Yuklash', 'Бор кардан', 'Yüklə', 'Încarcă', 'Upload'],
  attach_done: [
    'Исходник загружен, идёт обработка.',
    'Asl fayl yuklandi, qayta ishlanmoqda.',
    'Файли аслӣ бор шуд, коркард идома дорад.',
    'Orijinal yükləndi, emal gedir.',
    'Originalul a fost încărcat, se procesează.',
    'Original uploaded; processing.'
  ],
  publish_title: ['Публикация на YouTube', 'YouTube’da eʼlon qilish', 'Нашр дар YouTube', 'YouTube-da dərc', 'Publicare pe YouTube', 'Publishing to YouTube'],
  publish_button: ['Опубликовать на YouTube', 'YouTube’da eʼlon qilish', 'Дар YouTube нашр кардан', 'YouTube-da dərc et', 'Publică pe YouTube', 'Publish to YouTube'],
  privacy_label: ['Доступ на YouTube', 'YouTube’da koʻrinish', 'Дастрасӣ дар YouTube', 'YouTube-da görünmə', 'Vizibilitate pe YouTube', 'Visibility on YouTube'],
  privacy_public: ['Открытый', 'Ochiq', 'Кушода', 'Açıq', 'Public', 'Public'],
  privacy_unlisted: ['По ссылке', 'Havola orqali', 'Тавассути пайванд', 'Keçid ilə', 'Nelistat', 'Unlisted'],
  privacy_private: ['Закрытый', 'Yopiq', 'Пӯшида', 'Qapalı', 'Privat', 'Private'],
  publish_retry: ['Повторить публикацию', 'Eʼlon qilishni takrorlash', 'Такрори нашр', 'Dərci təkrarla', 'Reîncearcă publicarea', 'Retry publishing'],
  publish_confirm: [
    'Загрузить «{title}» на YouTube со всеми переводами названия и всеми субтитрами?',
    '«{title}» barcha sarlavha tarjimalari va subtitrlari bilan YouTube’ga yuklansinmi?',
    '«{title}» бо ҳамаи тарҷумаҳои ном ва ҳамаи зернависҳо ба YouTube бор карда шавад?',
    '«{title}» başlığın bütün tərcümələri və bütün altyazılarla YouTube-a yüklənsin?',
    'Încărcați „{title}” pe YouTube cu toate traducerile titlului și toate subtitrările?',
    'Upload “{title}” to YouTube with every translation of its title and every subtitle track?'
  ],
  publish_private_note: [
    'Видео, загруженные через API-проект, который Google ещё не проверил, остаются на YouTube закрытыми (private); после проверки проекта владелец канала сможет открыть их.',
    'Google hali tekshirmagan API loyihasi orqali yuklangan videolar YouTube’da yopiq (private) qoladi; loyiha tekshiruvdan oʻtgach, kanal egasi ularni ochishi mumkin.',
    'Видеоҳое, ки тавассути лоиҳаи API-и аз ҷониби Google ҳанӯз тафтишнашуда бор шудаанд, дар YouTube пӯшида (private) мемонанд; пас аз тафтиши лоиҳа соҳиби канал метавонад онҳоро кушояд.',
    'Google-un hələ yoxlamadığı API layihəsi vasitəsilə yüklənən videolar YouTube-da qapalı (private) qalır; layihə yoxlanışdan keçəndən sonra kanal sahibi onları aça bilər.',
    'Videoclipurile încărcate printr-un proiect API pe care Google nu l-a verificat încă rămân private pe YouTube; după verificarea proiectului, proprietarul canalului le poate face publice.',
    'Videos uploaded through an API project that Google has not audited yet stay private on YouTube; once the project passes its audit, the channel’s owner can make them public.'
  ],
  publish_queued: ['Ждёт загрузки на YouTube', 'YouTube’ga yuklashni kutmoqda', 'Интизори бор кардан ба YouTube', 'YouTube-a yüklənməyi gözləyir', 'Așteaptă încărcarea pe YouTube', 'Waiting to upload to YouTube'],
  publish_uploading: [
    'Загрузка на YouTube: {percent}%',
    'YouTube’ga yuklanmoqda: {percent}%',
    'Бор кардан ба YouTube: {percent}%',
    'YouTube-a yüklənir: {percent}%',
    'Se încarcă pe YouTube: {percent}%',
    'Uploading to YouTube: {percent}%'
  ],
  publish_captions: [
    'Добавляются субтитры на YouTube: готово {done}',
    'YouTube’ga subtitrlar qoʻshilmoqda: {done} tayyor',
    'Зернависҳо ба YouTube илова мешаванд: {done} тайёр',
    'YouTube-a altyazılar əlavə olunur: {done} hazırdır',
    'Se adaugă subtitrările pe YouTube: {done} gata',
    'Adding subtitles on YouTube: {done} done'
  ],
  publish_done: ['Опубликовано на YouTube', 'YouTube’da eʼlon qilindi', 'Дар YouTube нашр шуд', 'YouTube-da dərc olundu', 'Publicat pe YouTube', 'Published on YouTube'],
  publish_failed: [
    'Публикация на YouTube не удалась: {message}',
    'YouTube’da eʼlon qilish muvaffaqiyatsiz: {message}',
    'Нашр дар YouTube ноком шуд: {message}',
    'YouTube-da dərc alınmadı: {message}',
    'Publicarea pe YouTube a eșuat: {message}',
    'Publishing to YouTube failed: {message}'
  ],
  publish_started: [
    'Публикация поставлена в очередь.',
    'Eʼlon qilish navbatga qoʻyildi.',
    'Нашр ба навбат гузошта шуд.',
    'Dərc növbəyə qoyuldu.',
    'Publicarea a fost pusă în coadă.',
    'Publishing is queued.'
  ],
  err_youtube_quota: [
    'Дневная квота YouTube API исчерпана; публикация продолжится после её сброса (полночь по тихоокеанскому времени).',
    'YouTube API kunlik kvotasi tugadi; eʼlon qilish u yangilangach davom etadi (Tinch okeani vaqti boʻyicha yarim tun).',
    'Квотаи рӯзонаи YouTube API тамом шуд; нашр пас аз навшавии он идома меёбад (нисфишабӣ аз рӯи вақти Уқёнуси Ором).',
    'YouTube API-nin gündəlik kvotası bitdi; dərc o yenilənəndən sonra davam edəcək (Sakit okean vaxtı ilə gecə yarısı).',
    'Cota zilnică a YouTube API s-a epuizat; publicarea continuă după resetare (miezul nopții, ora Pacificului).',
    'The YouTube API’s daily quota is spent; publishing goes on after it resets (midnight Pacific time).'
  ],
  err_youtube_auth: [
    'Доступ к каналу YouTube отозван: администратору нужно заново подключить его на странице администрирования.',
    'YouTube kanaliga kirish bekor qilingan: administrator uni boshqaruv sahifasida qayta ulashi kerak.',
    'Дастрасӣ ба канали YouTube бекор шудааст: маъмур бояд онро дар саҳифаи идоракунӣ аз нав пайваст кунад.',
    'YouTube kanalına giriş ləğv edilib: administrator onu idarəetmə səhifəsində yenidən qoşmalıdır.',
    'Accesul la canalul YouTube a fost revocat: administratorul trebuie să îl reconecteze pe pagina de administrare.',
    'Access to the YouTube channel was revoked: an administrator must connect it again on the admin page.'
  ],
  err_youtube_not_connected: [
    'Канал YouTube не подключён для публикации: администратору нужно подключить его (OAuth) на странице администрирования.',
    'YouTube kanali eʼlon qilish uchun ulanmagan: administrator uni boshqaruv sahifasida (OAuth) ulashi kerak.',
    'Канали YouTube барои нашр пайваст нашудааст: маъмур бояд онро дар саҳифаи идоракунӣ (OAuth) пайваст кунад.',
    'YouTube kanalı dərc üçün qoşulmayıb: administrator onu idarəetmə səhifəsində (OAuth) qoşmalıdır.',
    'Canalul YouTube nu este conectat pentru publicare: administratorul trebuie să îl conecteze (OAuth) pe pagina de administrare.',
    'The YouTube channel is not connected for publishing: an administrator must connect it (OAuth) on the admin page.'
  ],
  err_not_ready: [
    'Видео ещё не обработано: опубликовать на YouTube можно после обработки.',
    'Video hali qayta ishlanmagan: YouTube’da qayta ishlangandan keyin eʼlon qilish mumkin.',
    'Видео ҳанӯз коркард нашудааст: дар YouTube пас аз коркард нашр кардан мумкин аст.',
    'Video hələ emal olunmayıb: YouTube-da emaldan sonra dərc etmək olar.',
    'Videoclipul nu este încă procesat: îl puteți publica pe YouTube după procesare.',
    'The video is not processed yet: it can be published to YouTube once processed.'
  ],
  err_invalid_state: [
    'Это видео уже есть на YouTube.',
    'Bu video allaqachon YouTube’da bor.',
    'Ин видео аллакай дар YouTube ҳаст.',
    'Bu video artıq YouTube-da var.',
    'Acest videoclip este deja pe YouTube.',
    'This video is already on YouTube.'
  ]
} satisfies Record<string, [string, string, string, string, string, string]>;

export type YoutubeStudioKey = keyof typeof ROWS;
export const YOUTUBE_STUDIO_ROWS: Record<YoutubeStudioKey, readonly string[]> = ROWS;

/** A studio YouTube message in a UI language (Russian for an unknown one), {placeholders} filled. */
export const yts = messageTable<YoutubeStudioKey>(ROWS);

/** The producer's words for a refusal of the publish action; null for a code without a row (the server's message is shown). */
export function publishProblem(lang: string, code: string | null): string | null {
  const key = `err_${code}`;
  return code && key in ROWS ? yts(lang, key as YoutubeStudioKey) : null;
}
