/**
 * The YouTube section of the admin page (/admin: the channel's connection, the OAuth account, the
 * sync, the quota and its ledger, the caption backlog, and the OAuth callback page) in the six UI
 * languages, one row per key in the order ru, uz, tg, az, ro, en. Kept apart from messages.ts (the
 * accounts) so the two grow without touching each other. `err_<code>` rows translate the youtube_*
 * error codes (server/errors.ts) wherever the page shows one: a form's refusal, the connection's last
 * error; an unknown code shows the service's own (English) message.
 */
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  yt_title: ['Канал YouTube', 'YouTube kanali', 'Канали YouTube', 'YouTube kanalı', 'Canalul YouTube', 'YouTube channel'],
  yt_hint: [
    'Видео канала появляются в библиотеке Efir; синхронизация расходует дневную квоту API YouTube.',
    'Kanal videolari Efir kutubxonasida paydo boʻladi; sinxronlash YouTube API kunlik kvotasini sarflaydi.',
    'Видеоҳои канал дар китобхонаи Efir пайдо мешаванд; ҳамоҳангсозӣ квотаи рӯзонаи API-и YouTube-ро сарф мекунад.',
    'Kanalın videoları Efir kitabxanasında görünür; sinxronizasiya YouTube API-nin gündəlik kvotasını xərcləyir.',
    'Videoclipurile canalului apar în biblioteca Efir; sincronizarea consumă cota zilnică a API-ului YouTube.',
    'The channel’s videos appear in Efir’s library; syncing spends the YouTube API’s daily quota.'
  ],
  // health of the connection (youtube_connection.status)
  status: ['Состояние', 'Holat', 'Ҳолат', 'Vəziyyət', 'Stare', 'Status'],
  status_ok: ['Работает', 'Ishlayapti', 'Кор мекунад', 'İşləyir', 'Funcționează', 'Working'],
  status_error: ['Ошибка', 'Xato', 'Хато', 'Xəta', 'Eroare', 'Error'],
  status_paused: ['Приостановлено', 'Toʻxtatilgan', 'Боздошта шуд', 'Dayandırılıb', 'Suspendat', 'Paused'],
  status_unconfigured: ['Не настроено', 'Sozlanmagan', 'Танзим нашудааст', 'Qurulmayıb', 'Neconfigurat', 'Not set up'],
  paused_until: ['Вызовы API приостановлены до {date}', 'API chaqiruvlari {date} gacha toʻxtatilgan', 'Даъватҳои API то {date} боздошта шудаанд', 'API çağırışları {date} tarixinədək dayandırılıb', 'Apelurile API sunt suspendate până la {date}', 'API calls paused until {date}'],
  last_error: ['Последняя ошибка ({date})', 'Oxirgi xato ({date})', 'Хатои охирин ({date})', 'Son xəta ({date})', 'Ultima eroare ({date})', 'Last error ({date})'],
  // the channel's settings
  channel: ['Канал', 'Kanal', 'Канал', 'Kanal', 'Canal', 'Channel'],
  channel_id: ['ID канала (UC…)', 'Kanal ID (UC…)', 'ID-и канал (UC…)', 'Kanal ID-si (UC…)', 'ID-ul canalului (UC…)', 'Channel ID (UC…)'],
  api_key: ['Ключ API для чтения', 'Oʻqish uchun API kaliti', 'Калиди API барои хондан', 'Oxumaq üçün API açarı', 'Cheie API pentru citire', 'API key for reading'],
  api_key_saved: [
    'Ключ сохранён (зашифрован). Оставьте поле пустым, чтобы не менять его.',
    'Kalit saqlangan (shifrlangan). Oʻzgartirmaslik uchun maydonni boʻsh qoldiring.',
    'Калид нигоҳ дошта шудааст (рамзгузорӣ шуда). Барои иваз накардан майдонро холӣ гузоред.',
    'Açar saxlanılıb (şifrələnib). Dəyişməmək üçün sahəni boş saxlayın.',
    'Cheia este salvată (criptată). Lăsați câmpul gol pentru a o păstra.',
    'A key is saved (encrypted). Leave the field empty to keep it.'
  ],
  api_key_env: [
    'Используется ключ из настроек сервера (YOUTUBE_API_KEY).',
    'Server sozlamalaridagi kalit ishlatilmoqda (YOUTUBE_API_KEY).',
    'Калид аз танзимоти сервер истифода мешавад (YOUTUBE_API_KEY).',
    'Server ayarlarındakı açar istifadə olunur (YOUTUBE_API_KEY).',
    'Se folosește cheia din setările serverului (YOUTUBE_API_KEY).',
    'The key from the server’s settings is used (YOUTUBE_API_KEY).'
  ],
  save: ['Сохранить', 'Saqlash', 'Нигоҳ доштан', 'Yadda saxla', 'Salvează', 'Save'],
  saved: ['Настройки канала сохранены', 'Kanal sozlamalari saqlandi', 'Танзимоти канал нигоҳ дошта шуд', 'Kanal ayarları saxlanıldı', 'Setările canalului au fost salvate', 'Channel settings saved'],
  // the OAuth account
  account: ['Аккаунт YouTube', 'YouTube akkaunti', 'Ҳисоби YouTube', 'YouTube hesabı', 'Contul YouTube', 'YouTube account'],
  account_hint: [
    'Нужен для собственных субтитров канала и для публикации видео на YouTube.',
    'Kanalning oʻz subtitrlari va videolarni YouTubeʼga joylash uchun kerak.',
    'Барои субтитрҳои худи канал ва нашри видео дар YouTube лозим аст.',
    'Kanalın öz subtitrləri və videoların YouTube-da dərc edilməsi üçün lazımdır.',
    'Necesar pentru subtitrările proprii ale canalului și pentru publicarea videoclipurilor pe YouTube.',
    'Needed for the channel’s own caption tracks and for publishing videos to YouTube.'
  ],
  connect: ['Подключить аккаунт YouTube', 'YouTube akkauntini ulash', 'Пайваст кардани ҳисоби YouTube', 'YouTube hesabını qoş', 'Conectează contul YouTube', 'Connect YouTube account'],
  reconnect: ['Подключить заново', 'Qayta ulash', 'Аз нав пайваст кардан', 'Yenidən qoş', 'Reconectează', 'Reconnect'],
  disconnect: ['Отключить аккаунт', 'Akkauntni uzish', 'Ҷудо кардани ҳисоб', 'Hesabı ayır', 'Deconectează contul', 'Disconnect account'],
  disconnect_confirm: [
    'Отключить аккаунт YouTube? Субтитры канала и публикация перестанут работать до нового подключения.',
    'YouTube akkaunti uzilsinmi? Qayta ulanmaguncha kanal subtitrlari va joylash ishlamaydi.',
    'Ҳисоби YouTube ҷудо карда шавад? То пайвасти нав субтитрҳои канал ва нашр кор намекунанд.',
    'YouTube hesabı ayrılsın? Yenidən qoşulana qədər kanalın subtitrləri və dərc işləməyəcək.',
    'Deconectați contul YouTube? Subtitrările canalului și publicarea nu vor funcționa până la o nouă conectare.',
    'Disconnect the YouTube account? The channel’s caption tracks and publishing stop until it is connected again.'
  ],
  connected_since: ['Подключён {date}', '{date} da ulangan', 'Аз {date} пайваст аст', '{date} tarixində qoşulub', 'Conectat la {date}', 'Connected on {date}'],
  not_connected: ['Аккаунт не подключён.', 'Akkaunt ulanmagan.', 'Ҳисоб пайваст нашудааст.', 'Hesab qoşulmayıb.', 'Contul nu este conectat.', 'No account is connected.'],
  needs_reconnect: [
    'Доступ к аккаунту отозван или истёк: подключите его заново.',
    'Akkauntga kirish bekor qilingan yoki muddati tugagan: uni qayta ulang.',
    'Дастрасӣ ба ҳисоб бекор шуд ё мӯҳлаташ гузашт: онро аз нав пайваст кунед.',
    'Hesaba giriş ləğv edilib və ya vaxtı bitib: onu yenidən qoşun.',
    'Accesul la cont a fost revocat sau a expirat: conectați-l din nou.',
    'Access to the account was revoked or has expired: connect it again.'
  ],
  oauth_unconfigured: [
    'Клиент OAuth не настроен: задайте YOUTUBE_OAUTH_CLIENT_ID, YOUTUBE_OAUTH_CLIENT_SECRET и YOUTUBE_TOKEN_KEY.',
    'OAuth mijozi sozlanmagan: YOUTUBE_OAUTH_CLIENT_ID, YOUTUBE_OAUTH_CLIENT_SECRET va YOUTUBE_TOKEN_KEY ni belgilang.',
    'Муштарии OAuth танзим нашудааст: YOUTUBE_OAUTH_CLIENT_ID, YOUTUBE_OAUTH_CLIENT_SECRET ва YOUTUBE_TOKEN_KEY-ро муқаррар кунед.',
    'OAuth müştərisi qurulmayıb: YOUTUBE_OAUTH_CLIENT_ID, YOUTUBE_OAUTH_CLIENT_SECRET və YOUTUBE_TOKEN_KEY təyin edin.',
    'Clientul OAuth nu este configurat: setați YOUTUBE_OAUTH_CLIENT_ID, YOUTUBE_OAUTH_CLIENT_SECRET și YOUTUBE_TOKEN_KEY.',
    'No OAuth client is set up: set YOUTUBE_OAUTH_CLIENT_ID, YOUTUBE_OAUTH_CLIENT_SECRET and YOUTUBE_TOKEN_KEY.'
  ],
  redirect_uri: ['Адрес возврата для клиента OAuth: {uri}', 'OAuth mijozi uchun qaytish manzili: {uri}', 'Суроғаи бозгашт барои муштарии OAuth: {uri}', 'OAuth müştərisi üçün qayıdış ünvanı: {uri}', 'Adresa de redirecționare a clientului OAuth: {uri}', 'Redirect URI of the OAuth client: {uri}'],
  missing_scopes: [
    'Аккаунт разрешил не всё: {scopes}. Подключите заново и отметьте все разрешения.',
    'Akkaunt hamma narsaga ruxsat bermadi: {scopes}. Qayta ulang va barcha ruxsatlarni belgilang.',
    'Ҳисоб ҳама чизро иҷозат надод: {scopes}. Аз нав пайваст кунед ва ҳамаи иҷозатҳоро қайд кунед.',
    'Hesab hər şeyə icazə vermədi: {scopes}. Yenidən qoşun və bütün icazələri seçin.',
    'Contul nu a permis totul: {scopes}. Reconectați și bifați toate permisiunile.',
    'The account did not allow everything: {scopes}. Connect again and tick every permission.'
  ],
  to_consent: ['Перейти на страницу согласия Google', 'Google rozilik sahifasiga oʻtish', 'Гузариш ба саҳифаи розигии Google', 'Google razılıq səhifəsinə keç', 'Mergeți la pagina de consimțământ Google', 'Go on to Google’s consent page'],
  connected_done: ['Аккаунт YouTube подключён', 'YouTube akkaunti ulandi', 'Ҳисоби YouTube пайваст шуд', 'YouTube hesabı qoşuldu', 'Contul YouTube a fost conectat', 'YouTube account connected'],
  disconnected_done: ['Аккаунт YouTube отключён', 'YouTube akkaunti uzildi', 'Ҳисоби YouTube ҷудо шуд', 'YouTube hesabı ayrıldı', 'Contul YouTube a fost deconectat', 'YouTube account disconnected'],
  oauth_failed: ['Не удалось подключить аккаунт YouTube', 'YouTube akkauntini ulab boʻlmadi', 'Ҳисоби YouTube пайваст нашуд', 'YouTube hesabını qoşmaq alınmadı', 'Contul YouTube nu a putut fi conectat', 'The YouTube account could not be connected'],
  back: ['Вернуться к администрированию', 'Boshqaruvga qaytish', 'Бозгашт ба идоракунӣ', 'İdarəetməyə qayıt', 'Înapoi la administrare', 'Back to administration'],
  // the sync
  sync: ['Синхронизация', 'Sinxronlash', 'Ҳамоҳангсозӣ', 'Sinxronizasiya', 'Sincronizare', 'Sync'],
  sync_now: ['Синхронизировать сейчас', 'Hozir sinxronlash', 'Ҳозир ҳамоҳанг кардан', 'İndi sinxronlaşdır', 'Sincronizează acum', 'Sync now'],
  sync_queued: ['Синхронизация поставлена в очередь', 'Sinxronlash navbatga qoʻyildi', 'Ҳамоҳангсозӣ ба навбат гузошта шуд', 'Sinxronizasiya növbəyə qoyuldu', 'Sincronizarea a fost pusă în coadă', 'Sync queued'],
  last_sync: ['Последняя', 'Oxirgisi', 'Охирин', 'Sonuncu', 'Ultima', 'Last'],
  next_sync: ['Следующая', 'Keyingisi', 'Навбатӣ', 'Növbəti', 'Următoarea', 'Next'],
  never: ['ещё не было', 'hali boʻlmagan', 'ҳанӯз набуд', 'hələ olmayıb', 'încă nu', 'not yet'],
  on_demand: ['только по запросу', 'faqat soʻrov boʻyicha', 'танҳо бо дархост', 'yalnız tələb ilə', 'doar la cerere', 'on demand only'],
  result_seen: ['Видео просмотрено', 'Koʻrib chiqilgan videolar', 'Видеоҳои дидашуда', 'Baxılan videolar', 'Videoclipuri văzute', 'Videos seen'],
  result_added: ['Добавлено', 'Qoʻshildi', 'Илова шуд', 'Əlavə edildi', 'Adăugate', 'Added'],
  result_changed: ['Изменено', 'Oʻzgartirildi', 'Тағйир ёфт', 'Dəyişdirildi', 'Modificate', 'Changed'],
  result_hidden: ['Скрыто', 'Yashirildi', 'Пинҳон шуд', 'Gizlədildi', 'Ascunse', 'Hidden'],
  result_unhidden: ['Снова показано', 'Yana koʻrsatildi', 'Боз нишон дода шуд', 'Yenidən göstərildi', 'Afișate din nou', 'Shown again'],
  result_playlists: ['Плейлисты', 'Pleylistlar', 'Плейлистҳо', 'Pleylistlər', 'Playlisturi', 'Playlists'],
  result_captions: ['Субтитры получены', 'Olingan subtitrlar', 'Субтитрҳои гирифташуда', 'Alınan subtitrlər', 'Subtitrări preluate', 'Caption tracks fetched'],
  result_units: ['Единиц квоты', 'Kvota birliklari', 'Воҳидҳои квота', 'Kvota vahidləri', 'Unități de cotă', 'Quota units'],
  stopped_by: ['Остановлена: {reason}', 'Toʻxtatildi: {reason}', 'Боздошта шуд: {reason}', 'Dayandırıldı: {reason}', 'Oprită: {reason}', 'Stopped: {reason}'],
  sync_busy: ['в это время шла другая синхронизация', 'bu vaqtda boshqa sinxronlash ketayotgan edi', 'дар ин вақт ҳамоҳангсозии дигар мерафт', 'bu vaxt başqa sinxronizasiya gedirdi', 'în acel moment rula altă sincronizare', 'another sync was running'],
  // the quota and its ledger
  quota: ['Квота на сегодня', 'Bugungi kvota', 'Квотаи имрӯз', 'Bu günün kvotası', 'Cota de azi', 'Quota today'],
  quota_spent: ['{spent} из {budget} единиц', '{budget} birlikdan {spent}', '{spent} аз {budget} воҳид', '{budget} vahiddən {spent}', '{spent} din {budget} unități', '{spent} of {budget} units'],
  quota_reserve: [
    '{reserve} единиц в день оставлены для синхронизации; субтитры и публикация тратят только остальное.',
    'Kuniga {reserve} birlik sinxronlash uchun qoldiriladi; subtitrlar va joylash faqat qolganini sarflaydi.',
    'Ҳар рӯз {reserve} воҳид барои ҳамоҳангсозӣ нигоҳ дошта мешавад; субтитрҳо ва нашр танҳо боқимондаро сарф мекунанд.',
    'Gündə {reserve} vahid sinxronizasiya üçün saxlanılır; subtitrlər və dərc yalnız qalanını xərcləyir.',
    '{reserve} unități pe zi sunt păstrate pentru sincronizare; subtitrările și publicarea consumă doar restul.',
    '{reserve} units a day are kept for syncing; caption tracks and publishing spend only the rest.'
  ],
  quota_resets: ['Квота обновится {date} (полночь по тихоокеанскому времени)', 'Kvota {date} da yangilanadi (Tinch okeani vaqti bilan yarim tun)', 'Квота {date} нав мешавад (нисфи шаб бо вақти Уқёнуси Ором)', 'Kvota {date} tarixində yenilənəcək (Sakit okean vaxtı ilə gecə yarısı)', 'Cota se reînnoiește la {date} (miezul nopții, ora Pacificului)', 'The quota resets on {date} (midnight Pacific time)'],
  ledger: ['Последние вызовы API', 'Oxirgi API chaqiruvlari', 'Даъватҳои охирини API', 'Son API çağırışları', 'Ultimele apeluri API', 'Recent API calls'],
  ledger_empty: ['Вызовов ещё не было.', 'Hali chaqiruvlar boʻlmagan.', 'Ҳанӯз даъватҳо набуданд.', 'Hələ çağırış olmayıb.', 'Încă nu au fost apeluri.', 'No calls yet.'],
  col_time: ['Время', 'Vaqt', 'Вақт', 'Vaxt', 'Ora', 'Time'],
  col_method: ['Метод', 'Usul', 'Усул', 'Metod', 'Metodă', 'Method'],
  col_units: ['Единицы', 'Birliklar', 'Воҳидҳо', 'Vahidlər', 'Unități', 'Units'],
  col_purpose: ['Зачем', 'Maqsad', 'Мақсад', 'Məqsəd', 'Scop', 'Purpose'],
  col_status: ['Ответ', 'Javob', 'Ҷавоб', 'Cavab', 'Răspuns', 'Answer'],
  purpose_sync: ['синхронизация', 'sinxronlash', 'ҳамоҳангсозӣ', 'sinxronizasiya', 'sincronizare', 'sync'],
  purpose_captions: ['субтитры', 'subtitrlar', 'субтитрҳо', 'subtitrlər', 'subtitrări', 'captions'],
  purpose_publish: ['публикация', 'joylash', 'нашр', 'dərc', 'publicare', 'publishing'],
  purpose_connect: ['подключение', 'ulanish', 'пайвастшавӣ', 'qoşulma', 'conectare', 'connecting'],
  // the channel's caption tracks
  captions: ['Субтитры канала', 'Kanal subtitrlari', 'Субтитрҳои канал', 'Kanalın subtitrləri', 'Subtitrările canalului', 'The channel’s caption tracks'],
  captions_waiting: ['Ждут загрузки: {n}', 'Yuklanishni kutmoqda: {n}', 'Интизори боргирӣ: {n}', 'Yüklənməni gözləyir: {n}', 'Așteaptă descărcarea: {n}', 'Waiting to be fetched: {n}'],
  captions_fetched: ['Получено: {n}', 'Olindi: {n}', 'Гирифта шуд: {n}', 'Alındı: {n}', 'Preluate: {n}', 'Fetched: {n}'],
  captions_failed: ['Не удалось: {n}', 'Muvaffaqiyatsiz: {n}', 'Ноком: {n}', 'Alınmadı: {n}', 'Eșuate: {n}', 'Failed: {n}'],
  captions_unlisted: ['Видео, чьи субтитры ещё не проверены: {n}', 'Subtitrlari hali tekshirilmagan videolar: {n}', 'Видеоҳое, ки субтитрҳояшон ҳанӯз санҷида нашудаанд: {n}', 'Subtitrləri hələ yoxlanılmamış videolar: {n}', 'Videoclipuri cu subtitrări încă neverificate: {n}', 'Videos whose tracks are not checked yet: {n}'],
  captions_note: [
    'Загрузка одной дорожки стоит 200 единиц: очередь растягивается на столько дней, сколько требует квота.',
    'Bitta yoʻlakni yuklash 200 birlik turadi: navbat kvota talab qilgancha kunlarga choʻziladi.',
    'Боргирии як роҳча 200 воҳид арзиш дорад: навбат ба қадри рӯзҳое, ки квота талаб мекунад, тӯл мекашад.',
    'Bir treki yükləmək 200 vahidə başa gəlir: növbə kvotanın tələb etdiyi qədər günə yayılır.',
    'Descărcarea unei piste costă 200 de unități: coada se întinde pe câte zile cere cota.',
    'Fetching one track costs 200 units: the backlog is spread over as many days as the quota needs.'
  ],
  // the error codes of server/youtube/
  err_youtube_quota: [
    'Дневная квота YouTube исчерпана: работа продолжится после полуночи по тихоокеанскому времени.',
    'YouTube kunlik kvotasi tugadi: ish Tinch okeani vaqti bilan yarim tundan keyin davom etadi.',
    'Квотаи рӯзонаи YouTube тамом шуд: кор пас аз нисфи шаб бо вақти Уқёнуси Ором идома меёбад.',
    'YouTube-un gündəlik kvotası bitdi: iş Sakit okean vaxtı ilə gecə yarısından sonra davam edəcək.',
    'Cota zilnică YouTube s-a epuizat: lucrul continuă după miezul nopții, ora Pacificului.',
    'The day’s YouTube quota is spent: work resumes after midnight Pacific time.'
  ],
  err_youtube_key_invalid: ['YouTube не принимает этот ключ API: проверьте его.', 'YouTube bu API kalitini qabul qilmaydi: uni tekshiring.', 'YouTube ин калиди API-ро қабул намекунад: онро санҷед.', 'YouTube bu API açarını qəbul etmir: onu yoxlayın.', 'YouTube nu acceptă această cheie API: verificați-o.', 'YouTube does not accept this API key: check it.'],
  err_youtube_forbidden: ['YouTube запретил этот запрос: проверьте права аккаунта и настройки проекта API.', 'YouTube bu soʻrovni taqiqladi: akkaunt huquqlari va API loyihasi sozlamalarini tekshiring.', 'YouTube ин дархостро манъ кард: ҳуқуқҳои ҳисоб ва танзимоти лоиҳаи API-ро санҷед.', 'YouTube bu sorğunu qadağan etdi: hesabın hüquqlarını və API layihəsinin ayarlarını yoxlayın.', 'YouTube a interzis această cerere: verificați drepturile contului și setările proiectului API.', 'YouTube refused this request: check the account’s rights and the API project’s settings.'],
  err_youtube_not_found: ['YouTube не находит такой канал или видео: проверьте ID.', 'YouTube bunday kanal yoki videoni topmayapti: ID ni tekshiring.', 'YouTube чунин канал ё видеоро намеёбад: ID-ро санҷед.', 'YouTube belə kanal və ya video tapmır: ID-ni yoxlayın.', 'YouTube nu găsește acest canal sau videoclip: verificați ID-ul.', 'YouTube finds no such channel or video: check the ID.'],
  err_youtube_auth: ['YouTube не принял вход аккаунта: подключите аккаунт заново.', 'YouTube akkaunt kirishini qabul qilmadi: akkauntni qayta ulang.', 'YouTube вуруди ҳисобро қабул накард: ҳисобро аз нав пайваст кунед.', 'YouTube hesabın girişini qəbul etmədi: hesabı yenidən qoşun.', 'YouTube nu a acceptat autentificarea contului: conectați din nou contul.', 'YouTube did not accept the account’s sign-in: connect the account again.'],
  err_youtube_unavailable: ['YouTube сейчас недоступен: следующая синхронизация попробует снова.', 'YouTube hozir mavjud emas: keyingi sinxronlash yana urinib koʻradi.', 'YouTube ҳоло дастрас нест: ҳамоҳангсозии навбатӣ боз кӯшиш мекунад.', 'YouTube hazırda əlçatan deyil: növbəti sinxronizasiya yenidən cəhd edəcək.', 'YouTube nu este disponibil acum: următoarea sincronizare va încerca din nou.', 'YouTube cannot be reached now: the next sync tries again.'],
  err_youtube_bad_answer: ['YouTube прислал неполный или испорченный ответ: следующая синхронизация попробует снова.', 'YouTube toʻliq boʻlmagan yoki buzilgan javob yubordi: keyingi sinxronlash yana urinib koʻradi.', 'YouTube ҷавоби нопурра ё вайроншуда фиристод: ҳамоҳангсозии навбатӣ боз кӯшиш мекунад.', 'YouTube natamam və ya xarab cavab göndərdi: növbəti sinxronizasiya yenidən cəhd edəcək.', 'YouTube a trimis un răspuns incomplet sau deteriorat: următoarea sincronizare va încerca din nou.', 'YouTube sent an incomplete or broken answer: the next sync tries again.'],
  err_youtube_not_connected: ['Канал или аккаунт YouTube ещё не подключён.', 'YouTube kanali yoki akkaunti hali ulanmagan.', 'Канал ё ҳисоби YouTube ҳанӯз пайваст нашудааст.', 'YouTube kanalı və ya hesabı hələ qoşulmayıb.', 'Canalul sau contul YouTube nu este încă conectat.', 'The YouTube channel or account is not connected yet.'],
  err_invalid_request: ['Проверьте заполненные поля.', 'Toʻldirilgan maydonlarni tekshiring.', 'Майдонҳои пуркардашударо санҷед.', 'Doldurulmuş sahələri yoxlayın.', 'Verificați câmpurile completate.', 'Check the fields you filled in.'],
  err_forbidden: ['Это доступно только администраторам.', 'Bu faqat administratorlar uchun.', 'Ин танҳо барои маъмурон аст.', 'Bu yalnız administratorlar üçündür.', 'Acest lucru e doar pentru administratori.', 'Only admins may do this.']
} satisfies Record<string, [string, string, string, string, string, string]>;

export type YoutubeMessageKey = keyof typeof ROWS;
export const YOUTUBE_MESSAGE_ROWS: Record<YoutubeMessageKey, readonly string[]> = ROWS;

/** A YouTube-section message in a UI language (Russian for an unknown one), {placeholders} filled. */
export const ytm = messageTable<YoutubeMessageKey>(ROWS);

/** The translated message of an error code, or null when this table has none. */
export function ytError(lang: string, code: string): string | null {
  const key = `err_${code}`;
  return key in ROWS ? ytm(lang, key as YoutubeMessageKey) : null;
}
