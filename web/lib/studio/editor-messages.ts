/**
 * The cue editor's words (issue 12), rows in the order ru, uz, tg, az, ro, en (as the other studio
 * tables). `w_<code>` rows: the warnings a save answers (media/subtitles/cue-checks.ts); `err_<code>`:
 * the refusals the editor's API answers.
 */
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  title: ['Субтитры: {title}', 'Subtitrlar: {title}', 'Зернависҳо: {title}', 'Altyazılar: {title}', 'Subtitrări: {title}', 'Subtitles: {title}'],
  back: ['← К видео студии', '← Studiya videolariga', '← Ба видеоҳои студия', '← Studiya videolarına', '← La videoclipurile din studio', '← Back to the studio'],
  open_editor: ['Редактор субтитров', 'Subtitr muharriri', 'Муҳаррири зернавис', 'Altyazı redaktoru', 'Editor de subtitrări', 'Subtitle editor'],
  target_label: ['Язык перевода', 'Tarjima tili', 'Забони тарҷума', 'Tərcümə dili', 'Limba traducerii', 'Language to edit'],
  reference: ['Русский оригинал', 'Ruscha asl matn', 'Асли русӣ', 'Rusca orijinal', 'Originalul rusesc', 'Russian original'],
  reference_empty: ['У видео нет русских субтитров.', 'Videoda ruscha subtitr yoʻq.', 'Видео зернависи русӣ надорад.', 'Videonun rusca altyazısı yoxdur.', 'Videoclipul nu are subtitrări în rusă.', 'The video has no Russian subtitles.'],
  target_empty: [
    'Субтитров на этом языке ещё нет: добавьте первую реплику.',
    'Bu tilda hali subtitr yoʻq: birinchi replikani qoʻshing.',
    'Дар ин забон ҳанӯз зернавис нест: аввалин ибораро илова кунед.',
    'Bu dildə hələ altyazı yoxdur: ilk replikanı əlavə edin.',
    'Încă nu există subtitrări în această limbă: adăugați prima replică.',
    'No subtitles in this language yet: add the first cue.'
  ],
  version: ['Версия {n}', '{n}-versiya', 'Версияи {n}', 'Versiya {n}', 'Versiunea {n}', 'Version {n}'],
  no_preview: [
    'Предпросмотр появится, когда видео будет обработано.',
    'Video qayta ishlangach, oldindan koʻrish paydo boʻladi.',
    'Пешнамоиш пас аз коркарди видео пайдо мешавад.',
    'Video emal olunandan sonra önizləmə görünəcək.',
    'Previzualizarea apare după procesarea videoclipului.',
    'The preview appears once the video is processed.'
  ],
  cue: ['Реплика {n}', '{n}-replika', 'Ибораи {n}', 'Replika {n}', 'Replica {n}', 'Cue {n}'],
  start: ['Начало', 'Boshlanishi', 'Оғоз', 'Başlanğıc', 'Început', 'Start'],
  end: ['Конец', 'Tugashi', 'Анҷом', 'Son', 'Sfârșit', 'End'],
  text: ['Текст', 'Matn', 'Матн', 'Mətn', 'Text', 'Text'],
  split: ['Разделить', 'Boʻlish', 'Ҷудо кардан', 'Böl', 'Împarte', 'Split'],
  merge: ['Объединить со следующей', 'Keyingisi bilan birlashtirish', 'Бо навбатӣ якҷоя кардан', 'Növbəti ilə birləşdir', 'Unește cu următoarea', 'Merge with next'],
  add_after: ['Добавить после', 'Keyin qoʻshish', 'Баъд илова кардан', 'Sonra əlavə et', 'Adaugă după', 'Add after'],
  add_first: ['Добавить реплику', 'Replika qoʻshish', 'Илова кардани ибора', 'Replika əlavə et', 'Adaugă o replică', 'Add a cue'],
  delete: ['Удалить', 'Oʻchirish', 'Нест кардан', 'Sil', 'Șterge', 'Delete'],
  machine: ['Машинный перевод', 'Mashina tarjimasi', 'Тарҷумаи мошинӣ', 'Maşın tərcüməsi', 'Traducere automată', 'Machine-translated'],
  machine_accept: [
    'Машинный перевод: отметить как проверенный',
    'Mashina tarjimasi: tekshirilgan deb belgilash',
    'Тарҷумаи мошинӣ: ҳамчун санҷидашуда қайд кардан',
    'Maşın tərcüməsi: yoxlanılmış kimi qeyd et',
    'Traducere automată: marchează ca verificată',
    'Machine-translated: mark as checked'
  ],
  flag_overlap: ['Наложение', 'Ustma-ust', 'Рӯи ҳам', 'Üst-üstə', 'Suprapunere', 'Overlap'],
  flag_too_fast: ['Слишком быстро', 'Juda tez', 'Хеле тез', 'Çox sürətli', 'Prea rapid', 'Too fast'],
  flag_line_too_long: ['Длинная строка', 'Uzun qator', 'Сатри дароз', 'Uzun sətir', 'Rând prea lung', 'Line too long'],
  flags_hint: [
    'Отмечаются наложения, реплики быстрее 20 знаков в секунду и строки длиннее 42 знаков.',
    '20 belgi/soniyadan tez replikalar, ustma-ust tushganlar va 42 belgidan uzun qatorlar belgilanadi.',
    'Иборҳои аз 20 аломат дар сония тезтар, рӯи ҳам афтода ва сатрҳои аз 42 аломат дароз қайд карда мешаванд.',
    'Üst-üstə düşən, saniyədə 20 simvoldan sürətli replikalar və 42 simvoldan uzun sətirlər qeyd olunur.',
    'Sunt marcate suprapunerile, replicile mai rapide de 20 de caractere pe secundă și rândurile mai lungi de 42 de caractere.',
    'Overlaps, cues faster than 20 characters a second and lines over 42 characters are flagged.'
  ],
  save: ['Сохранить', 'Saqlash', 'Нигоҳ доштан', 'Saxla', 'Salvează', 'Save'],
  saving: ['Сохранение…', 'Saqlanmoqda…', 'Нигоҳ дошта истодааст…', 'Saxlanılır…', 'Se salvează…', 'Saving…'],
  unsaved: ['Есть несохранённые изменения', 'Saqlanmagan oʻzgarishlar bor', 'Тағйироти нигоҳ доштанашуда ҳаст', 'Saxlanmamış dəyişikliklər var', 'Există modificări nesalvate', 'Unsaved changes'],
  saved: [
    'Сохранено как версия {n}. Субтитры видео обновляются.',
    '{n}-versiya sifatida saqlandi. Video subtitrlari yangilanmoqda.',
    'Ҳамчун версияи {n} нигоҳ дошта шуд. Зернависҳои видео нав мешаванд.',
    'Versiya {n} kimi saxlanıldı. Videonun altyazıları yenilənir.',
    'Salvat ca versiunea {n}. Subtitrările videoclipului se actualizează.',
    'Saved as version {n}. The video’s subtitles are being updated.'
  ],
  warnings: ['Исправлено и замечено при сохранении', 'Saqlashda tuzatildi va belgilandi', 'Ҳангоми нигоҳ доштан ислоҳ ва қайд шуд', 'Saxlayarkən düzəldildi və qeyd olundu', 'Corectat și semnalat la salvare', 'Cleaned and flagged on saving'],
  conflict: [
    'Пока вы редактировали, {author} сохранил(а) версию {n} ({time}). Ваши изменения не сохранены, чтобы не стереть её.',
    'Siz tahrirlayotganingizda {author} {n}-versiyani saqladi ({time}). Uni oʻchirmaslik uchun oʻzgarishlaringiz saqlanmadi.',
    'Вақте ки шумо таҳрир мекардед, {author} версияи {n}-ро нигоҳ дошт ({time}). Тағйироти шумо барои пок накардани он нигоҳ дошта нашуд.',
    'Siz redaktə edərkən {author} versiya {n}-i saxladı ({time}). Onu silməmək üçün dəyişiklikləriniz saxlanılmadı.',
    'În timp ce editați, {author} a salvat versiunea {n} ({time}). Modificările dvs. nu au fost salvate, ca să nu o șteargă.',
    'While you were editing, {author} saved version {n} ({time}). Your changes were not saved, so as not to erase it.'
  ],
  someone: ['другой пользователь', 'boshqa foydalanuvchi', 'корбари дигар', 'başqa istifadəçi', 'alt utilizator', 'someone else'],
  load_version: ['Загрузить версию {n}', '{n}-versiyani yuklash', 'Боркунии версияи {n}', 'Versiya {n}-i yüklə', 'Încarcă versiunea {n}', 'Load version {n}'],
  versions: ['Версии', 'Versiyalar', 'Версияҳо', 'Versiyalar', 'Versiuni', 'Versions'],
  current: ['текущая', 'joriy', 'ҷорӣ', 'cari', 'curentă', 'current'],
  restore: ['Восстановить', 'Tiklash', 'Барқарор кардан', 'Bərpa et', 'Restaurează', 'Restore'],
  restore_confirm: [
    'Сделать версию {n} текущей? Несохранённые изменения пропадут.',
    '{n}-versiya joriy qilinsinmi? Saqlanmagan oʻzgarishlar yoʻqoladi.',
    'Версияи {n} ҷорӣ карда шавад? Тағйироти нигоҳ доштанашуда гум мешавад.',
    'Versiya {n} cari edilsin? Saxlanmamış dəyişikliklər itəcək.',
    'Faceți versiunea {n} curentă? Modificările nesalvate se pierd.',
    'Make version {n} current? Unsaved changes will be lost.'
  ],
  kind_upload: ['файл', 'fayl', 'файл', 'fayl', 'fișier', 'file'],
  kind_edit: ['правка', 'tahrir', 'таҳрир', 'redaktə', 'editare', 'edit'],
  kind_draft: ['машинный черновик', 'mashina qoralamasi', 'сиёҳнависи мошинӣ', 'maşın qaralaması', 'ciornă automată', 'machine draft'],
  kind_restore: ['восстановлена из {n}', '{n} dan tiklangan', 'аз {n} барқарор шуд', '{n}-dən bərpa', 'restaurată din {n}', 'restored from {n}'],
  cues_count: ['реплик: {n}', 'replikalar: {n}', 'иборҳо: {n}', 'replikalar: {n}', 'replici: {n}', '{n} cues'],
  w_overlap: ['Реплика {n} ({time}) накладывается на другую', '{n}-replika ({time}) boshqasi bilan ustma-ust', 'Ибораи {n} ({time}) бо дигаре рӯи ҳам меафтад', 'Replika {n} ({time}) başqası ilə üst-üstə düşür', 'Replica {n} ({time}) se suprapune cu alta', 'Cue {n} ({time}) overlaps another'],
  w_too_fast: ['Реплика {n} ({time}): больше 20 знаков в секунду', '{n}-replika ({time}): soniyasiga 20 belgidan koʻp', 'Ибораи {n} ({time}): зиёда аз 20 аломат дар сония', 'Replika {n} ({time}): saniyədə 20 simvoldan çox', 'Replica {n} ({time}): peste 20 de caractere pe secundă', 'Cue {n} ({time}): more than 20 characters a second'],
  w_line_too_long: ['Реплика {n} ({time}): строка длиннее 42 знаков', '{n}-replika ({time}): qator 42 belgidan uzun', 'Ибораи {n} ({time}): сатр аз 42 аломат дарозтар', 'Replika {n} ({time}): sətir 42 simvoldan uzundur', 'Replica {n} ({time}): rând mai lung de 42 de caractere', 'Cue {n} ({time}): a line over 42 characters'],
  w_ass_tags: ['Реплика {n} ({time}): удалены теги ASS', '{n}-replika ({time}): ASS teglari olib tashlandi', 'Ибораи {n} ({time}): тегҳои ASS хориҷ карда шуданд', 'Replika {n} ({time}): ASS teqləri silindi', 'Replica {n} ({time}): etichetele ASS au fost eliminate', 'Cue {n} ({time}): ASS tags removed'],
  w_html_tags: ['Реплика {n} ({time}): удалены теги, кроме <b>, <i>, <u>', '{n}-replika ({time}): <b>, <i>, <u> dan boshqa teglar olib tashlandi', 'Ибораи {n} ({time}): тегҳо ғайр аз <b>, <i>, <u> хориҷ шуданд', 'Replika {n} ({time}): <b>, <i>, <u> xaricindəki teqlər silindi', 'Replica {n} ({time}): etichetele în afară de <b>, <i>, <u> au fost eliminate', 'Cue {n} ({time}): tags other than <b>, <i>, <u> removed'],
  w_empty: ['Реплика {n} ({time}) пустая и удалена', '{n}-replika ({time}) boʻsh va oʻchirildi', 'Ибораи {n} ({time}) холӣ буд ва нест карда шуд', 'Replika {n} ({time}) boşdur və silindi', 'Replica {n} ({time}) era goală și a fost eliminată', 'Cue {n} ({time}) was empty and was dropped'],
  w_end_clamped: ['Реплика {n} ({time}) заканчивалась после конца видео: конец перенесён', '{n}-replika ({time}) video tugagandan keyin tugardi: oxiri koʻchirildi', 'Ибораи {n} ({time}) пас аз анҷоми видео тамом мешуд: анҷом кӯчонида шуд', 'Replika {n} ({time}) videonun sonundan sonra bitirdi: sonu köçürüldü', 'Replica {n} ({time}) se termina după sfârșitul videoclipului: sfârșitul a fost mutat', 'Cue {n} ({time}) ended after the video: its end was moved there'],
  err_bad_cue_end: ['Реплика {n}: конец должен быть корректным временем после начала', '{n}-replika: tugash vaqti boshlanishidan keyin toʻgʻri vaqt boʻlishi kerak', 'Ибораи {n}: анҷом бояд вақти дуруст пас аз оғоз бошад', 'Replika {n}: son başlanğıcdan sonra düzgün vaxt olmalıdır', 'Replica {n}: sfârșitul trebuie să fie un timp valid după început', 'Cue {n}: the end must be a valid time after the start'],
  err_bad_cue_start: ['Реплика {n}: начало должно быть корректным временем до конца видео', '{n}-replika: boshlanishi video tugashidan oldin toʻgʻri vaqt boʻlishi kerak', 'Ибораи {n}: оғоз бояд вақти дуруст пеш аз анҷоми видео бошад', 'Replika {n}: başlanğıc videonun sonundan əvvəl düzgün vaxt olmalıdır', 'Replica {n}: începutul trebuie să fie un timp valid înainte de sfârșitul videoclipului', 'Cue {n}: the start must be a valid time before the end of the video'],
  err_bad_cue: ['Нет ни одной реплики с текстом', 'Matnli birorta ham replika yoʻq', 'Ягон ибора бо матн нест', 'Mətni olan heç bir replika yoxdur', 'Nu există nicio replică cu text', 'There is no cue with text to save'],
  err_not_found: ['Видео не найдено в вашей студии', 'Video studiyangizda topilmadi', 'Видео дар студияи шумо ёфт нашуд', 'Video studiyanızda tapılmadı', 'Videoclipul nu a fost găsit în studioul dvs.', 'The video is not in your studio'],
  err_forbidden: ['Нужна роль продюсера', 'Prodyuser roli kerak', 'Нақши продюсер лозим аст', 'Prodüser rolu lazımdır', 'Este nevoie de rolul de producător', 'This needs the producer role'],
  err_csrf: ['Сессия устарела: обновите страницу', 'Sessiya eskirgan: sahifani yangilang', 'Ҷаласа кӯҳна шуд: саҳифаро нав кунед', 'Sessiya köhnəlib: səhifəni yeniləyin', 'Sesiunea a expirat: reîncărcați pagina', 'The session expired: reload the page'],
  err_unsupported_language: ['Этот язык не поддерживается', 'Bu til qoʻllab-quvvatlanmaydi', 'Ин забон дастгирӣ намешавад', 'Bu dil dəstəklənmir', 'Această limbă nu este acceptată', 'This language is not supported'],
  err_too_large: ['Слишком много реплик: загрузите файл', 'Replikalar juda koʻp: faylni yuklang', 'Иборҳо хеле зиёданд: файлро бор кунед', 'Replikalar çox çoxdur: faylı yükləyin', 'Prea multe replici: încărcați un fișier', 'Too many cues: upload a file instead'],
  err_network: ['Нет связи с сервером', 'Server bilan aloqa yoʻq', 'Бо сервер пайвастшавӣ нест', 'Serverlə əlaqə yoxdur', 'Nu există conexiune cu serverul', 'No connection to the server'],
  err_other: ['Не удалось: {message}', 'Bajarilmadi: {message}', 'Иҷро нашуд: {message}', 'Alınmadı: {message}', 'Nu a reușit: {message}', 'Failed: {message}']
} satisfies Record<string, [string, string, string, string, string, string]>;

export type EditorKey = keyof typeof ROWS;
export const EDITOR_ROWS: Record<EditorKey, readonly string[]> = ROWS;

/** A cue editor message in a UI language (Russian for an unknown one), {placeholders} filled. */
export const em = messageTable<EditorKey>(ROWS);
