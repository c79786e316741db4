/**
 * Interface strings of the library's YouTube side and of collections (issue 11): the embed on the
 * watch page and the subtitle files beside it, the channel's broadcasts on the home page, the
 * collection pages for viewers and for producers (/studio/collections). One row per key in the
 * order ru, uz, tg, az, ro, en (as web/lib/admin/messages.ts). `err_<code>` rows translate the codes
 * CollectionsService refuses with.
 */
import { messageTable } from '../i18n/index.ts';
import { errorText } from '../i18n/errors.ts';

const ROWS = {
  // viewers: collections
  collections: ['Подборки', 'Toʻplamlar', 'Маҷмӯаҳо', 'Kolleksiyalar', 'Colecții', 'Collections'],
  collections_intro: ['Серии уроков и плейлисты нашего канала: смотрите по порядку.', 'Darslar turkumlari va kanalimiz pleylistlari: tartib bilan tomosha qiling.', 'Силсилаи дарсҳо ва плейлистҳои канали мо: бо тартиб тамошо кунед.', 'Dərs silsilələri və kanalımızın pleylistləri: ardıcıllıqla izləyin.', 'Serii de lecții și listele de redare ale canalului nostru: urmăriți-le în ordine.', 'Lesson series and our channel’s playlists: watch them in order.'],
  collections_empty: ['Подборок пока нет.', 'Hozircha toʻplamlar yoʻq.', 'Ҳоло маҷмӯаҳо нестанд.', 'Hələ kolleksiya yoxdur.', 'Încă nu există colecții.', 'No collections yet.'],
  collections_browse: ['Смотреть по подборкам', 'Toʻplamlar boʻyicha koʻrish', 'Аз рӯи маҷмӯаҳо тамошо кардан', 'Kolleksiyalara görə bax', 'Răsfoiți pe colecții', 'Browse by collection'],
  collection_count: ['Видео: {n}', 'Videolar: {n}', 'Видео: {n}', 'Video sayı: {n}', 'Videoclipuri: {n}', 'Videos: {n}'],
  collection_youtube: ['Плейлист канала на YouTube', 'YouTube kanalining pleylisti', 'Плейлисти канал дар YouTube', 'YouTube kanalının pleylisti', 'Listă de redare a canalului de pe YouTube', 'A playlist of our YouTube channel'],
  collection_all: ['Все подборки', 'Barcha toʻplamlar', 'Ҳамаи маҷмӯаҳо', 'Bütün kolleksiyalar', 'Toate colecțiile', 'All collections'],
  next_in: ['Далее в подборке «{title}»', '«{title}» toʻplamida keyingisi', 'Баъдӣ дар маҷмӯаи «{title}»', '«{title}» kolleksiyasında növbəti', 'Următorul din colecția „{title}”', 'Next in “{title}”'],
  in_collection: ['Из подборки «{title}»: {n} из {total}', '«{title}» toʻplamidan: {total} tadan {n}-si', 'Аз маҷмӯаи «{title}»: {n} аз {total}', '«{title}» kolleksiyasından: {total} videodan {n}-ci', 'Din colecția „{title}”: {n} din {total}', 'From “{title}”: {n} of {total}'],
  collection_last: ['Это последнее видео подборки.', 'Bu toʻplamning oxirgi videosi.', 'Ин видеои охирини маҷмӯа аст.', 'Bu kolleksiyanın sonuncu videosudur.', 'Acesta este ultimul videoclip din colecție.', 'This is the last video of the collection.'],
  // viewers: the YouTube embed and its subtitles
  embed_title: ['Плеер YouTube: {title}', 'YouTube pleyeri: {title}', 'Плеери YouTube: {title}', 'YouTube pleyeri: {title}', 'Player YouTube: {title}', 'YouTube player: {title}'],
  embed_note: ['Пока это видео показывает плеер YouTube. Скоро оно будет и на нашем сервере.', 'Hozircha bu videoni YouTube pleyeri koʻrsatmoqda. Tez orada u bizning serverimizda ham boʻladi.', 'Ҳоло ин видеоро плеери YouTube нишон медиҳад. Ба қарибӣ он дар сервери мо низ мешавад.', 'Hələlik bu videonu YouTube pleyeri göstərir. Tezliklə o, bizim serverimizdə də olacaq.', 'Deocamdată acest videoclip este redat de playerul YouTube. În curând va fi și pe serverul nostru.', 'For now this video plays in YouTube’s player. It will soon be on our own server too.'],
  transcript: ['Текст видео', 'Video matni', 'Матни видео', 'Videonun mətni', 'Textul videoclipului', 'Transcript'],
  transcript_seek: ['Смотреть с {time}', '{time} dan koʻrish', 'Аз {time} тамошо кардан', '{time} anından izlə', 'Urmăriți de la {time}', 'Watch from {time}'],
  subtitle_files: ['Файлы субтитров', 'Subtitr fayllari', 'Файлҳои субтитр', 'Subtitr faylları', 'Fișiere de subtitrare', 'Subtitle files'],
  // the home page: the channel's broadcasts
  schedule_title: ['Эфиры на нашем канале YouTube', 'YouTube kanalimizdagi efirlar', 'Эфирҳо дар канали YouTube-и мо', 'YouTube kanalımızdakı efirlər', 'Emisiuni pe canalul nostru YouTube', 'Broadcasts on our YouTube channel'],
  schedule_live: ['Сейчас в эфире', 'Hozir efirda', 'Ҳоло дар эфир', 'İndi efirdə', 'Acum în direct', 'Live now'],
  schedule_at: ['Начало: {time}', 'Boshlanishi: {time}', 'Оғоз: {time}', 'Başlanğıc: {time}', 'Începe: {time}', 'Starts: {time}'],
  schedule_soon: ['Время начала уточняется', 'Boshlanish vaqti aniqlanmoqda', 'Вақти оғоз дақиқ карда мешавад', 'Başlama vaxtı dəqiqləşdirilir', 'Ora de începere va fi anunțată', 'Start time to be announced'],
  // producers: /studio/collections
  st_nav: ['Подборки', 'Toʻplamlar', 'Маҷмӯаҳо', 'Kolleksiyalar', 'Colecții', 'Collections'],
  st_intro: ['Соберите серию из любых видео: загруженных, записей эфиров и видео с канала. Плейлисты канала обновляются сами.', 'Istalgan videolardan turkum yarating: yuklangan, efir yozuvlari va kanal videolari. Kanal pleylistlari oʻzi yangilanadi.', 'Аз ҳар гуна видео силсила созед: боргузоришуда, сабтҳои эфир ва видеоҳои канал. Плейлистҳои канал худ нав мешаванд.', 'İstənilən videolardan silsilə yaradın: yüklənmiş, efir yazıları və kanal videoları. Kanalın pleylistləri özü yenilənir.', 'Alcătuiți o serie din orice videoclipuri: încărcate, înregistrări ale emisiunilor și videoclipuri de pe canal. Listele de redare ale canalului se actualizează singure.', 'Make a series from any videos: uploads, broadcast replays and the channel’s videos. The channel’s playlists update themselves.'],
  st_new: ['Новая подборка', 'Yangi toʻplam', 'Маҷмӯаи нав', 'Yeni kolleksiya', 'Colecție nouă', 'New collection'],
  st_create: ['Создать', 'Yaratish', 'Сохтан', 'Yarat', 'Creează', 'Create'],
  st_empty: ['Подборок пока нет: создайте первую.', 'Hozircha toʻplamlar yoʻq: birinchisini yarating.', 'Ҳоло маҷмӯаҳо нестанд: аввалинро созед.', 'Hələ kolleksiya yoxdur: birincisini yaradın.', 'Încă nu există colecții: creați-o pe prima.', 'No collections yet: create the first one.'],
  st_items_count: ['Видео: {n}, видны зрителям: {visible}', 'Videolar: {n}, tomoshabinlarga koʻrinadi: {visible}', 'Видео: {n}, ба тамошобинон намоён: {visible}', 'Video: {n}, izləyicilərə görünür: {visible}', 'Videoclipuri: {n}, vizibile pentru spectatori: {visible}', 'Videos: {n}, shown to viewers: {visible}'],
  st_field_title: ['Название (по-русски)', 'Nomi (rus tilida)', 'Ном (бо забони русӣ)', 'Adı (rus dilində)', 'Titlu (în rusă)', 'Title (in Russian)'],
  st_field_description: ['Описание (по-русски)', 'Tavsif (rus tilida)', 'Тавсиф (бо забони русӣ)', 'Təsvir (rus dilində)', 'Descriere (în rusă)', 'Description (in Russian)'],
  st_translations: ['Переводы названия и описания', 'Nom va tavsif tarjimalari', 'Тарҷумаҳои ном ва тавсиф', 'Ad və təsvirin tərcümələri', 'Traducerile titlului și ale descrierii', 'Translations of the title and description'],
  st_tr_title: ['Название', 'Nomi', 'Ном', 'Adı', 'Titlu', 'Title'],
  st_tr_description: ['Описание', 'Tavsif', 'Тавсиф', 'Təsvir', 'Descriere', 'Description'],
  st_texts: ['Название и описание', 'Nomi va tavsifi', 'Ном ва тавсиф', 'Adı və təsviri', 'Titlu și descriere', 'Title and description'],
  st_save: ['Сохранить', 'Saqlash', 'Нигоҳ доштан', 'Yadda saxla', 'Salvează', 'Save'],
  st_saved: ['Сохранено', 'Saqlandi', 'Нигоҳ дошта шуд', 'Yadda saxlanıldı', 'Salvat', 'Saved'],
  st_delete: ['Удалить подборку', 'Toʻplamni oʻchirish', 'Нест кардани маҷмӯа', 'Kolleksiyanı sil', 'Șterge colecția', 'Delete the collection'],
  st_delete_confirm: ['Удалить подборку «{title}»? Сами видео останутся в видеотеке.', '«{title}» toʻplami oʻchirilsinmi? Videolarning oʻzi videotekada qoladi.', 'Маҷмӯаи «{title}» нест карда шавад? Худи видеоҳо дар видеотека мемонанд.', '«{title}» kolleksiyası silinsin? Videoların özü videotekada qalacaq.', 'Ștergeți colecția „{title}”? Videoclipurile rămân în videotecă.', 'Delete the collection “{title}”? The videos stay in the library.'],
  st_items: ['Видео в подборке', 'Toʻplamdagi videolar', 'Видеоҳои маҷмӯа', 'Kolleksiyadakı videolar', 'Videoclipurile din colecție', 'Videos in the collection'],
  st_items_empty: ['В подборке пока нет видео.', 'Toʻplamda hozircha video yoʻq.', 'Дар маҷмӯа ҳоло видео нест.', 'Kolleksiyada hələ video yoxdur.', 'Colecția nu are încă videoclipuri.', 'The collection has no videos yet.'],
  st_up: ['Выше', 'Yuqoriga', 'Боло', 'Yuxarı', 'Mai sus', 'Up'],
  st_down: ['Ниже', 'Pastga', 'Поён', 'Aşağı', 'Mai jos', 'Down'],
  st_remove: ['Убрать', 'Olib tashlash', 'Хориҷ кардан', 'Çıxar', 'Scoate', 'Remove'],
  st_move_up: ['Поднять «{title}» выше', '«{title}» ni yuqoriga koʻtarish', '«{title}»-ро боло бардоштан', '«{title}» videosunu yuxarı qaldır', 'Mută „{title}” mai sus', 'Move “{title}” up'],
  st_move_down: ['Опустить «{title}» ниже', '«{title}» ni pastga tushirish', '«{title}»-ро поён фаровардан', '«{title}» videosunu aşağı endir', 'Mută „{title}” mai jos', 'Move “{title}” down'],
  st_remove_item: ['Убрать «{title}» из подборки', '«{title}» ni toʻplamdan olib tashlash', '«{title}»-ро аз маҷмӯа хориҷ кардан', '«{title}» videosunu kolleksiyadan çıxar', 'Scoate „{title}” din colecție', 'Remove “{title}” from the collection'],
  st_not_shown: ['не виден зрителям', 'tomoshabinlarga koʻrinmaydi', 'ба тамошобинон намоён нест', 'izləyicilərə görünmür', 'nu este vizibil pentru spectatori', 'not shown to viewers'],
  st_add_title: ['Добавить видео', 'Video qoʻshish', 'Илова кардани видео', 'Video əlavə et', 'Adaugă videoclipuri', 'Add videos'],
  st_search: ['Название содержит', 'Nomida bor', 'Ном дорад', 'Adında var', 'Titlul conține', 'Title contains'],
  st_search_button: ['Найти', 'Topish', 'Ёфтан', 'Tap', 'Caută', 'Search'],
  st_no_candidates: ['Таких видео нет.', 'Bunday videolar yoʻq.', 'Чунин видеоҳо нестанд.', 'Belə video yoxdur.', 'Nu există astfel de videoclipuri.', 'No such videos.'],
  st_add: ['Добавить', 'Qoʻshish', 'Илова кардан', 'Əlavə et', 'Adaugă', 'Add'],
  st_add_item: ['Добавить «{title}» в подборку', '«{title}» ni toʻplamga qoʻshish', '«{title}»-ро ба маҷмӯа илова кардан', '«{title}» videosunu kolleksiyaya əlavə et', 'Adaugă „{title}” în colecție', 'Add “{title}” to the collection'],
  st_youtube_readonly: ['Это плейлист канала YouTube: его видео и тексты обновляет синхронизация. Меняйте его на YouTube.', 'Bu YouTube kanalining pleylisti: uning videolari va matnlarini sinxronizatsiya yangilaydi. Uni YouTubeʼda oʻzgartiring.', 'Ин плейлисти канали YouTube аст: видеоҳо ва матнҳояшро ҳамоҳангсозӣ нав мекунад. Онро дар YouTube иваз кунед.', 'Bu YouTube kanalının pleylistidir: onun videolarını və mətnlərini sinxronizasiya yeniləyir. Onu YouTube-da dəyişin.', 'Aceasta este o listă de redare a canalului YouTube: videoclipurile și textele ei le actualizează sincronizarea. Modificați-o pe YouTube.', 'This is the YouTube channel’s playlist: the sync keeps its videos and texts. Change it on YouTube.'],
  st_open_public: ['Открыть страницу для зрителей', 'Tomoshabinlar sahifasini ochish', 'Кушодани саҳифа барои тамошобинон', 'İzləyicilər üçün səhifəni aç', 'Deschide pagina pentru spectatori', 'Open the viewers’ page'],
  st_back: ['Все подборки', 'Barcha toʻplamlar', 'Ҳамаи маҷмӯаҳо', 'Bütün kolleksiyalar', 'Toate colecțiile', 'All collections'],
  err_invalid_field: ['Проверьте поле: {message}', 'Maydonni tekshiring: {message}', 'Майдонро санҷед: {message}', 'Sahəni yoxlayın: {message}', 'Verificați câmpul: {message}', 'Check the field: {message}'],
  err_not_found: ['Такой подборки или видео нет.', 'Bunday toʻplam yoki video yoʻq.', 'Чунин маҷмӯа ё видео нест.', 'Belə kolleksiya və ya video yoxdur.', 'Această colecție sau videoclip nu există.', 'There is no such collection or video.'],
  err_invalid_state: ['Плейлист канала меняется только на YouTube.', 'Kanal pleylisti faqat YouTubeʼda oʻzgartiriladi.', 'Плейлисти канал танҳо дар YouTube иваз карда мешавад.', 'Kanalın pleylisti yalnız YouTube-da dəyişdirilir.', 'Lista de redare a canalului se modifică doar pe YouTube.', 'The channel’s playlist is changed on YouTube only.'],
  err_forbidden: ['Подборками управляют продюсеры.', 'Toʻplamlarni prodyuserlar boshqaradi.', 'Маҷмӯаҳоро продюсерон идора мекунанд.', 'Kolleksiyaları prodüserlər idarə edir.', 'Colecțiile sunt gestionate de producători.', 'Producers manage collections.']
} satisfies Record<string, [string, string, string, string, string, string]>;

export type LibraryMessageKey = keyof typeof ROWS;
export const LIBRARY_MESSAGE_ROWS: Record<LibraryMessageKey, readonly string[]> = ROWS;

/** A message of the library's YouTube and collection pages in a UI language (Russian for an unknown one). */
export const lm = messageTable<LibraryMessageKey>(ROWS);

/** The translated refusal of a collections action, or the service's own message for an unknown code. */
export function lmError(lang: string, problem: { code: string; message: string; params?: Record<string, string | number> }): string {
  // A field's refusal is worded from its field and rule (web/lib/i18n/errors.ts), never the server's English.
  if (problem.code === 'invalid_field' || problem.code === 'invalid_request' || !(`err_${problem.code}` in ROWS)) return errorText(lang, problem);
  return lm(lang, `err_${problem.code}` as LibraryMessageKey, { message: problem.message });
}
