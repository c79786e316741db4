/**
 * Interface strings of live broadcasts (studio pages, home strip, live page, live player) in the six
 * UI languages, one row per key in the order ru, uz, tg, az, ro, en (as web/lib/qa/messages.ts).
 * {name} placeholders are filled by lt().
 */
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  // ---- studio
  st_nav_label: ['Разделы студии', 'Studiya boʻlimlari', 'Бахшҳои студия', 'Studiya bölmələri', 'Secțiunile studioului', 'Studio sections'],
  st_nav_videos: ['Видео', 'Videolar', 'Видеоҳо', 'Videolar', 'Videoclipuri', 'Videos'],
  st_nav_broadcasts: ['Эфиры', 'Efirlar', 'Эфирҳо', 'Efirlər', 'Emisiuni', 'Broadcasts'],
  st_schedule_title: ['Запланировать эфир', 'Efirni rejalashtirish', 'Ба нақша гирифтани эфир', 'Efiri planlaşdır', 'Programează o emisiune', 'Schedule a broadcast'],
  st_field_title: ['Название (по-русски)', 'Nomi (rus tilida)', 'Ном (бо забони русӣ)', 'Ad (rus dilində)', 'Titlu (în rusă)', 'Title (in Russian)'],
  st_field_description: ['Описание (по-русски)', 'Tavsif (rus tilida)', 'Тавсиф (бо забони русӣ)', 'Təsvir (rus dilində)', 'Descriere (în rusă)', 'Description (in Russian)'],
  st_translations: ['Переводы (необязательно)', 'Tarjimalar (ixtiyoriy)', 'Тарҷумаҳо (ихтиёрӣ)', 'Tərcümələr (istəyə görə)', 'Traduceri (opțional)', 'Translations (optional)'],
  st_translations_hint: ['Если поле пустое, зрители увидят русский текст.', 'Maydon boʻsh boʻlsa, tomoshabinlar rus tilidagi matnni koʻradi.', 'Агар майдон холӣ бошад, тамошобинон матни русиро мебинанд.', 'Sahə boşdursa, izləyicilər rus mətnini görəcək.', 'Dacă un câmp e gol, spectatorii văd textul în rusă.', 'Where a field is empty, viewers see the Russian text.'],
  st_field_tr_title: ['Название', 'Nomi', 'Ном', 'Ad', 'Titlu', 'Title'],
  st_field_tr_description: ['Описание', 'Tavsif', 'Тавсиф', 'Təsvir', 'Descriere', 'Description'],
  st_field_start: ['Начало (ваше местное время)', 'Boshlanishi (mahalliy vaqtingiz)', 'Оғоз (вақти маҳаллии шумо)', 'Başlama (yerli vaxtınız)', 'Începe la (ora dvs. locală)', 'Starts at (your local time)'],
  st_field_start_zone: ['Часовой пояс: {zone}', 'Vaqt mintaqasi: {zone}', 'Минтақаи вақт: {zone}', 'Saat qurşağı: {zone}', 'Fus orar: {zone}', 'Time zone: {zone}'],
  st_field_review: ['Придержать запись эфира для моей проверки', 'Efir yozuvini tekshiruvim uchun ushlab turish', 'Сабти эфирро барои санҷиши ман нигоҳ доштан', 'Efirin yazısını yoxlamam üçün saxla', 'Reține înregistrarea pentru verificarea mea', 'Hold the replay for my review'],
  st_field_review_hint: ['Иначе запись опубликуется сама после обработки.', 'Aks holda yozuv qayta ishlangach oʻzi eʼlon qilinadi.', 'Вагарна сабт пас аз коркард худ нашр мешавад.', 'Əks halda yazı emaldan sonra özü dərc olunacaq.', 'Altfel, înregistrarea se publică singură după procesare.', 'Otherwise the replay is published by itself once processed.'],
  st_field_dvr: ['Перемотка назад во время эфира, минут (1–240)', 'Efir paytida orqaga qaytarish, daqiqa (1–240)', 'Ба ақиб гардондан ҳангоми эфир, дақиқа (1–240)', 'Efir zamanı geri çəkmə, dəqiqə (1–240)', 'Derulare înapoi în timpul emisiunii, minute (1–240)', 'Live rewind window, minutes (1–240)'],
  st_create: ['Запланировать', 'Rejalashtirish', 'Ба нақша гирифтан', 'Planlaşdır', 'Programează', 'Schedule'],
  st_save: ['Сохранить', 'Saqlash', 'Нигоҳ доштан', 'Yadda saxla', 'Salvează', 'Save'],
  st_saved: ['Сохранено', 'Saqlandi', 'Нигоҳ дошта шуд', 'Yadda saxlanıldı', 'Salvat', 'Saved'],
  st_my_broadcasts: ['Мои эфиры', 'Mening efirlarim', 'Эфирҳои ман', 'Efirlərim', 'Emisiunile mele', 'My broadcasts'],
  st_none: ['Эфиров пока нет.', 'Hozircha efirlar yoʻq.', 'Ҳоло эфир нест.', 'Hələ efir yoxdur.', 'Încă nu sunt emisiuni.', 'No broadcasts yet.'],
  st_no_time: ['Время не назначено', 'Vaqt belgilanmagan', 'Вақт муайян нашудааст', 'Vaxt təyin edilməyib', 'Fără oră stabilită', 'No time set'],
  st_back: ['Все эфиры', 'Barcha efirlar', 'Ҳамаи эфирҳо', 'Bütün efirlər', 'Toate emisiunile', 'All broadcasts'],
  st_settings: ['Настройки эфира', 'Efir sozlamalari', 'Танзимоти эфир', 'Efir parametrləri', 'Setările emisiunii', 'Broadcast settings'],
  st_poster: ['Обложка', 'Muqova', 'Муқова', 'Üz qabığı', 'Copertă', 'Poster'],
  st_poster_hint: ['JPEG, PNG или WebP до 5 МБ, лучше 16:9.', 'JPEG, PNG yoki WebP, 5 MB gacha, 16:9 yaxshiroq.', 'JPEG, PNG ё WebP то 5 МБ, беҳтараш 16:9.', 'JPEG, PNG və ya WebP, 5 MB-a qədər, 16:9 daha yaxşıdır.', 'JPEG, PNG sau WebP de până la 5 MB, ideal 16:9.', 'JPEG, PNG or WebP up to 5 MB; 16:9 works best.'],
  st_poster_file: ['Файл изображения', 'Rasm fayli', 'Файли тасвир', 'Şəkil faylı', 'Fișier imagine', 'Image file'],
  st_poster_upload: ['Загрузить обложку', 'Muqovani yuklash', 'Боргузории муқова', 'Üz qabığını yüklə', 'Încarcă coperta', 'Upload poster'],
  st_poster_none: ['Обложки пока нет', 'Hozircha muqova yoʻq', 'Ҳоло муқова нест', 'Hələ üz qabığı yoxdur', 'Încă nu există copertă', 'No poster yet'],
  st_poster_preview: ['Так будет выглядеть новая обложка', 'Yangi muqova shunday koʻrinadi', 'Муқоваи нав чунин менамояд', 'Yeni üz qabığı belə görünəcək', 'Așa va arăta noua copertă', 'Preview of the new poster'],
  st_poster_current: ['Текущая обложка', 'Joriy muqova', 'Муқоваи ҷорӣ', 'Cari üz qabığı', 'Coperta actuală', 'Current poster'],
  st_poster_too_big: ['Файл больше 5 МБ', 'Fayl 5 MB dan katta', 'Файл аз 5 МБ калон аст', 'Fayl 5 MB-dan böyükdür', 'Fișierul depășește 5 MB', 'The file is over 5 MB'],
  st_poster_saved: ['Обложка сохранена', 'Muqova saqlandi', 'Муқова нигоҳ дошта шуд', 'Üz qabığı yadda saxlanıldı', 'Coperta a fost salvată', 'Poster saved'],
  st_ingest_title: ['Подключение OBS', 'OBS ulanishi', 'Пайвасткунии OBS', 'OBS qoşulması', 'Conectarea OBS', 'Connect OBS'],
  st_server: ['Сервер', 'Server', 'Сервер', 'Server', 'Server', 'Server'],
  st_key: ['Ключ потока', 'Oqim kaliti', 'Калиди ҷараён', 'Yayım açarı', 'Cheia fluxului', 'Stream key'],
  st_show: ['Показать', 'Koʻrsatish', 'Нишон додан', 'Göstər', 'Arată', 'Show'],
  st_hide: ['Скрыть', 'Yashirish', 'Пинҳон кардан', 'Gizlət', 'Ascunde', 'Hide'],
  st_copy: ['Копировать', 'Nusxalash', 'Нусха бардоштан', 'Kopyala', 'Copiază', 'Copy'],
  st_copy_what: ['Копировать: {what}', 'Nusxalash: {what}', 'Нусха бардоштан: {what}', 'Kopyala: {what}', 'Copiază: {what}', 'Copy: {what}'],
  st_copied: ['Скопировано: {what}', 'Nusxalandi: {what}', 'Нусха бардошта шуд: {what}', 'Kopyalandı: {what}', 'Copiat: {what}', 'Copied: {what}'],
  st_copy_failed: ['Не удалось скопировать — выделите текст вручную', 'Nusxalab boʻlmadi — matnni qoʻlda belgilang', 'Нусха бардошта нашуд — матнро дастӣ интихоб кунед', 'Kopyalamaq alınmadı — mətni əl ilə seçin', 'Nu s-a putut copia — selectați textul manual', 'Could not copy: select the text by hand'],
  st_key_secret: ['Никому не показывайте ключ: с ним любой может выйти в эфир от вашего имени.', 'Kalitni hech kimga koʻrsatmang: u bilan istalgan kishi sizning nomingizdan efirga chiqishi mumkin.', 'Калидро ба касе нишон надиҳед: бо он ҳар кас метавонад аз номи шумо ба эфир барояд.', 'Açarı heç kimə göstərməyin: onunla hər kəs sizin adınızdan efirə çıxa bilər.', 'Nu arătați cheia nimănui: cu ea oricine poate transmite în numele dvs.', 'Keep the key secret: anyone who has it can go live as this broadcast.'],
  st_rotate: ['Сменить ключ', 'Kalitni almashtirish', 'Иваз кардани калид', 'Açarı dəyiş', 'Schimbă cheia', 'Rotate key'],
  st_rotate_confirm: ['Старый ключ перестанет работать, в OBS нужно будет вставить новый. Сменить ключ?', 'Eski kalit ishlamay qoladi, OBS ga yangisini qoʻyish kerak boʻladi. Kalit almashtirilsinmi?', 'Калиди кӯҳна дигар кор намекунад, дар OBS калиди навро гузоштан лозим мешавад. Калидро иваз кунем?', 'Köhnə açar işləməyəcək, OBS-ə yenisini yazmaq lazım olacaq. Açar dəyişdirilsin?', 'Cheia veche nu va mai funcționa și va trebui pusă cea nouă în OBS. Schimbați cheia?', 'The old key stops working and OBS will need the new one. Rotate the key?'],
  st_rotated: ['Ключ заменён. Вставьте новый ключ в OBS.', 'Kalit almashtirildi. Yangi kalitni OBS ga qoʻying.', 'Калид иваз шуд. Калиди навро дар OBS гузоред.', 'Açar dəyişdirildi. Yeni açarı OBS-ə yazın.', 'Cheia a fost schimbată. Puneți cheia nouă în OBS.', 'Key rotated. Paste the new key into OBS.'],
  st_rotated_at: ['Ключ выдан {time}', 'Kalit berilgan vaqt: {time}', 'Калид дода шуд: {time}', 'Açar verilib: {time}', 'Cheie emisă la {time}', 'Key issued {time}'],
  st_obs_title: ['Как настроить OBS', 'OBS ni qanday sozlash kerak', 'Чӣ тавр OBS-ро танзим кардан', 'OBS-i necə qurmaq', 'Cum configurați OBS', 'Setting up OBS'],
  st_obs_1: ['Настройки → Трансляция → Сервис: «Настраиваемый» (Custom).', 'Sozlamalar → Translyatsiya → Xizmat: «Custom».', 'Танзимот → Пахш → Хидмат: «Custom».', 'Parametrlər → Yayım → Xidmət: «Custom».', 'Setări → Transmisie → Serviciu: „Custom”.', 'Settings → Stream → Service: Custom.'],
  st_obs_2: ['Вставьте в OBS сервер и ключ потока с этой страницы.', 'Server va oqim kalitini shu yerdan nusxalab qoʻying.', 'Сервер ва калиди ҷараёнро аз ин ҷо нусха бардошта гузоред.', 'Server və yayım açarını buradan köçürüb yapışdırın.', 'Copiați de aici serverul și cheia fluxului.', 'Paste the server and the stream key from this page.'],
  st_obs_3: ['Вывод → Интервал ключевых кадров: 1 с; кодировщик x264 или аппаратный H.264; звук AAC.', 'Chiqish → Kalit kadrlar oraligʻi: 1 s; kodlovchi x264 yoki apparat H.264; ovoz AAC.', 'Баромад → Фосилаи кадрҳои калидӣ: 1 с; рамзгузор x264 ё сахтафзории H.264; садо AAC.', 'Çıxış → Açar kadr intervalı: 1 s; kodlayıcı x264 və ya aparat H.264; səs AAC.', 'Ieșire → Interval cadre cheie: 1 s; encoder x264 sau H.264 hardware; audio AAC.', 'Output → Keyframe interval: 1 s; encoder x264 or hardware H.264; audio AAC.'],
  st_obs_4: ['Нажмите «Начать трансляцию» — эфир начнётся сам.', '«Start Streaming» tugmasini bosing — efir oʻzi boshlanadi.', 'Тугмаи «Start Streaming»-ро пахш кунед — эфир худ оғоз мешавад.', '«Start Streaming» düyməsini basın — efir özü başlayacaq.', 'Apăsați „Start Streaming” — emisiunea pornește singură.', 'Press Start Streaming: the broadcast goes live by itself.'],
  st_links: ['Ссылки', 'Havolalar', 'Пайвандҳо', 'Keçidlər', 'Linkuri', 'Links'],
  st_viewer_page: ['Страница для зрителей', 'Tomoshabinlar sahifasi', 'Саҳифа барои тамошобинон', 'İzləyicilər üçün səhifə', 'Pagina pentru spectatori', 'Viewer page'],
  st_console: ['Модерация вопросов', 'Savollar moderatsiyasi', 'Модератсияи саволҳо', 'Sualların moderasiyası', 'Moderarea întrebărilor', 'Question moderation'],
  st_end: ['Завершить эфир', 'Efirni tugatish', 'Анҷом додани эфир', 'Efiri bitir', 'Încheie emisiunea', 'End broadcast'],
  st_end_confirm: ['Завершить эфир для всех зрителей? Это нельзя отменить.', 'Efir barcha tomoshabinlar uchun tugatilsinmi? Buni bekor qilib boʻlmaydi.', 'Эфирро барои ҳамаи тамошобинон анҷом диҳем? Инро бекор кардан мумкин нест.', 'Efir bütün izləyicilər üçün bitirilsin? Bunu geri qaytarmaq olmaz.', 'Încheiați emisiunea pentru toți spectatorii? Nu se poate anula.', 'End the broadcast for all viewers? This cannot be undone.'],
  st_goes_live_note: ['Эфир начнётся сам, как только OBS начнёт передавать видео.', 'Efir OBS video uzatishni boshlashi bilanoq oʻzi boshlanadi.', 'Эфир худ оғоз мешавад, ҳамин ки OBS ба интиқоли видео шурӯъ кунад.', 'Efir OBS video ötürməyə başlayan kimi özü başlayacaq.', 'Emisiunea pornește singură imediat ce OBS începe să transmită.', 'The broadcast goes live by itself as soon as OBS starts sending video.'],
  st_ingest_error: ['Последнюю трансляцию не удалось обработать: {reason}. Проверьте настройки OBS и начните снова.', 'Oxirgi efirni qayta ishlab boʻlmadi: {reason}. OBS sozlamalarini tekshirib, qaytadan boshlang.', 'Пахши охиринро коркард карда натавонистем: {reason}. Танзимоти OBS-ро санҷед ва аз нав оғоз кунед.', 'Son yayımı emal etmək mümkün olmadı: {reason}. OBS ayarlarını yoxlayın və yenidən başlayın.', 'Ultima transmisiune nu a putut fi procesată: {reason}. Verificați setările OBS și porniți din nou.', 'The last stream could not be processed: {reason}. Check the OBS settings and start again.'],
  st_review_replay: ['Проверьте запись и опубликуйте её в разделе «Видео».', 'Yozuvni tekshirib, «Videolar» boʻlimida eʼlon qiling.', 'Сабтро санҷед ва дар бахши «Видеоҳо» нашр кунед.', 'Yazını yoxlayın və «Videolar» bölməsində dərc edin.', 'Verificați înregistrarea și publicați-o în secțiunea „Videoclipuri”.', 'Check the replay and publish it under Videos.'],

  // ---- badges (studio list and pages)
  badge_scheduled: ['Запланирован', 'Rejalashtirilgan', 'Ба нақша гирифта шуд', 'Planlaşdırılıb', 'Programată', 'Scheduled'],
  badge_live: ['В эфире', 'Efirda', 'Дар эфир', 'Efirdə', 'În direct', 'Live'],
  badge_reconnecting: ['Связь с OBS прервалась', 'OBS bilan aloqa uzildi', 'Пайвастшавӣ бо OBS қатъ шуд', 'OBS ilə bağlantı kəsildi', 'Conexiunea cu OBS s-a întrerupt', 'Reconnecting'],
  badge_ended: ['Завершён', 'Yakunlangan', 'Анҷомёфта', 'Bitib', 'Încheiată', 'Ended'],
  badge_replay_processing: ['Запись обрабатывается', 'Yozuv qayta ishlanmoqda', 'Сабт коркард мешавад', 'Yazı emal olunur', 'Înregistrare în procesare', 'Replay processing'],
  badge_replay_ready: ['Запись опубликована', 'Yozuv eʼlon qilindi', 'Сабт нашр шуд', 'Yazı dərc olunub', 'Înregistrare publicată', 'Replay ready'],
  badge_replay_review: ['Запись ждёт вашей проверки', 'Yozuv tekshiruvingizni kutmoqda', 'Сабт интизори санҷиши шумост', 'Yazı yoxlamanızı gözləyir', 'Înregistrarea așteaptă verificarea', 'Held for review'],
  badge_replay_failed: ['Запись не получилась', 'Yozuv muvaffaqiyatsiz', 'Сабт нашуд', 'Yazı alınmadı', 'Înregistrarea a eșuat', 'Replay failed'],

  // ---- viewers: home page
  home_live_now: ['Сейчас в эфире', 'Hozir efirda', 'Ҳоло дар эфир', 'İndi efirdə', 'Acum în direct', 'Live now'],
  home_next: ['Следующий эфир', 'Keyingi efir', 'Эфири навбатӣ', 'Növbəti efir', 'Următoarea emisiune', 'Next broadcast'],
  live_badge: ['ЭФИР', 'EFIR', 'ЭФИР', 'CANLI', 'ÎN DIRECT', 'LIVE'],
  live_starts_at: ['Начало: {time}', 'Boshlanishi: {time}', 'Оғоз: {time}', 'Başlama: {time}', 'Începe: {time}', 'Starts: {time}'],

  // ---- countdown
  cd_label: ['До начала', 'Boshlanishigacha', 'То оғоз', 'Başlamağa qalıb', 'Până la început', 'Starts in'],
  cd_days: ['дн.', 'kun', 'рӯз', 'gün', 'zile', 'days'],
  cd_hours: ['ч', 'soat', 'соат', 'saat', 'ore', 'hours'],
  cd_minutes: ['мин', 'daq', 'дақ', 'dəq', 'min', 'min'],
  cd_seconds: ['сек', 'son', 'сон', 'san', 'sec', 'sec'],
  cd_soon: ['Вот-вот начнётся', 'Tez orada boshlanadi', 'Ба қарибӣ оғоз мешавад', 'Az sonra başlayacaq', 'Începe în curând', 'Starting soon'],

  // ---- viewers: live page
  live_waiting_title: ['Эфир ещё не начался', 'Efir hali boshlanmadi', 'Эфир ҳанӯз оғоз нашудааст', 'Efir hələ başlamayıb', 'Emisiunea nu a început încă', 'The broadcast has not started yet'],
  live_waiting_text: ['Оставайтесь на странице: видео появится само, как только начнётся эфир. Вопросы можно задать уже сейчас.', 'Sahifada qoling: efir boshlanishi bilan video oʻzi paydo boʻladi. Savollarni hozirdan berish mumkin.', 'Дар саҳифа монед: ҳамин ки эфир сар шавад, видео худ пайдо мешавад. Саволҳоро ҳозир ҳам додан мумкин аст.', 'Səhifədə qalın: efir başlayan kimi video özü görünəcək. Sualları indidən verə bilərsiniz.', 'Rămâneți pe pagină: video apare singur când începe emisiunea. Puteți pune întrebări de acum.', 'Stay on this page: the video appears by itself when the broadcast starts. You can ask questions already.'],
  live_starting: ['Эфир начинается — ждём видео…', 'Efir boshlanmoqda — videoni kutyapmiz…', 'Эфир оғоз мешавад — видеоро интизорем…', 'Efir başlayır — videonu gözləyirik…', 'Emisiunea începe — așteptăm imaginea…', 'The broadcast is starting: waiting for the video…'],
  live_interrupted: ['Трансляция прервалась, ждём, когда она вернётся…', 'Translyatsiya uzildi, qaytishini kutyapmiz…', 'Пахш қатъ шуд, бозгашти онро интизорем…', 'Yayım kəsildi, qayıtmasını gözləyirik…', 'Transmisia s-a întrerupt, așteptăm să revină…', 'The stream was interrupted, waiting for it to come back…'],
  live_ended: ['Эфир завершён', 'Efir yakunlandi', 'Эфир ба охир расид', 'Efir bitdi', 'Emisiunea s-a încheiat', 'The broadcast has ended'],
  live_replay_soon: ['Запись эфира скоро появится здесь.', 'Efir yozuvi tez orada shu yerda paydo boʻladi.', 'Сабти эфир ба зудӣ дар ин ҷо пайдо мешавад.', 'Efirin yazısı tezliklə burada görünəcək.', 'Înregistrarea emisiunii va apărea aici în curând.', 'The replay will appear here soon.'],
  live_replay_ready: ['Запись эфира готова', 'Efir yozuvi tayyor', 'Сабти эфир омода аст', 'Efirin yazısı hazırdır', 'Înregistrarea emisiunii este gata', 'The replay is ready'],
  live_watch_replay: ['Смотреть запись', 'Yozuvni koʻrish', 'Тамошои сабт', 'Yazıya bax', 'Vezi înregistrarea', 'Watch the replay'],
  live_unmute: ['Включить звук', 'Ovozni yoqish', 'Садоро фаъол кардан', 'Səsi aç', 'Pornește sunetul', 'Unmute'],
  live_behind: ['Отставание от эфира: {time}', 'Efirdan orqada: {time}', 'Ақибмонӣ аз эфир: {time}', 'Efirdən geri qalma: {time}', 'În urma transmisiei: {time}', 'Behind live: {time}'],
  live_seek_behind: ['Перейти к прямому эфиру (сейчас вы отстаёте)', 'Jonli efirga oʻtish (hozir orqadasiz)', 'Гузариш ба эфири зинда (ҳоло шумо ақиб мондаед)', 'Canlı efirə keç (hazırda geridəsiniz)', 'Salt la direct (acum sunteți în urmă)', 'Seek to live, currently behind live'],
  chapters: ['Главы', 'Boblar', 'Бобҳо', 'Fəsillər', 'Capitole', 'Chapters'],
  chapter_marker: ['Глава {time}: {title}', 'Bob {time}: {title}', 'Боб {time}: {title}', 'Fəsil {time}: {title}', 'Capitol {time}: {title}', 'Chapter {time}: {title}'],
  live_seek_at: ['Прямой эфир: вы смотрите без отставания', 'Jonli efir: siz orqada qolmasdan koʻryapsiz', 'Эфири зинда: шумо бе ақибмонӣ тамошо мекунед', 'Canlı efir: geri qalmadan izləyirsiniz', 'În direct: urmăriți fără întârziere', 'Seek to live, currently playing live']
} satisfies Record<string, [string, string, string, string, string, string]>;

export type LiveMessageKey = keyof typeof ROWS;
export const LIVE_MESSAGE_ROWS: Record<LiveMessageKey, readonly string[]> = ROWS;

/** A live-broadcast message in a UI language (Russian for an unknown one), {placeholders} filled. */
export const lt = messageTable<LiveMessageKey>(ROWS);
