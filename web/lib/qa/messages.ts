/**
 * The Q&A's interface strings in the six UI languages (ru, uz, tg, az, ro, en), kept beside the
 * Q&A so the site catalogues (web/lib/i18n) stay the shared site's. One row per key, the languages
 * in this order. {name} placeholders are filled by qt().
 */
import { errorText as anyErrorText } from '../i18n/errors.ts';
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  qa_title: ['Вопросы экспертам', 'Ekspertlarga savollar', 'Саволҳо ба коршиносон', 'Ekspertlərə suallar', 'Întrebări pentru experți', 'Questions for the experts'],
  qa_watching: ['Смотрят: {n}', 'Tomosha qilmoqda: {n}', 'Тамошо мекунанд: {n}', 'İzləyir: {n}', 'Urmăresc: {n}', 'Watching: {n}'],
  qa_name_label: ['Ваше имя (необязательно)', 'Ismingiz (ixtiyoriy)', 'Номи шумо (ихтиёрӣ)', 'Adınız (istəyə görə)', 'Numele (opțional)', 'Your name (optional)'],
  qa_question_label: ['Ваш вопрос', 'Savolingiz', 'Саволи шумо', 'Sualınız', 'Întrebarea dvs.', 'Your question'],
  qa_question_placeholder: ['Например: как продлить патент?', 'Masalan: patentni qanday uzaytirish mumkin?', 'Масалан: патентро чӣ тавр дароз кардан мумкин?', 'Məsələn: patenti necə uzatmaq olar?', 'De exemplu: cum prelungesc patenta?', 'For example: how do I renew my patent?'],
  qa_lang_label: ['Язык вопроса', 'Savol tili', 'Забони савол', 'Sualın dili', 'Limba întrebării', 'Language of the question'],
  qa_send: ['Отправить', 'Yuborish', 'Фиристодан', 'Göndər', 'Trimite', 'Send'],
  qa_sending: ['Отправляется…', 'Yuborilmoqda…', 'Фиристода мешавад…', 'Göndərilir…', 'Se trimite…', 'Sending…'],
  qa_sent: ['Вопрос отправлен', 'Savol yuborildi', 'Савол фиристода шуд', 'Sual göndərildi', 'Întrebarea a fost trimisă', 'Question sent'],
  qa_chars_left: ['Осталось символов: {n}', 'Qolgan belgilar: {n}', 'Аломатҳои боқимонда: {n}', 'Qalan simvollar: {n}', 'Caractere rămase: {n}', 'Characters left: {n}'],
  qa_sort_label: ['Сортировка', 'Saralash', 'Тартиб', 'Sıralama', 'Sortare', 'Sort'],
  qa_sort_votes: ['По голосам', 'Ovozlar boʻyicha', 'Аз рӯи овозҳо', 'Səslərə görə', 'După voturi', 'By votes'],
  qa_sort_time: ['Новые', 'Yangilari', 'Навҳо', 'Yenilər', 'Cele mai noi', 'Newest'],
  qa_on_air: ['Сейчас в эфире', 'Hozir efirda', 'Ҳоло дар эфир', 'İndi efirdə', 'Acum în emisie', 'On air now'],
  qa_answered: ['Отвечен', 'Javob berildi', 'Ҷавоб дода шуд', 'Cavablandı', 'Cu răspuns', 'Answered'],
  qa_answered_at: ['Ответ на {time}', 'Javob: {time}', 'Ҷавоб: {time}', 'Cavab: {time}', 'Răspuns la {time}', 'Answered at {time}'],
  qa_waiting: ['Ждёт проверки модератором — видно только вам', 'Moderator tekshiruvini kutmoqda — faqat sizga koʻrinadi', 'Интизори санҷиши модератор — танҳо ба шумо намоён', 'Moderator yoxlamasını gözləyir — yalnız sizə görünür', 'Așteaptă moderarea — vizibilă doar pentru dvs.', 'Waiting for moderation — only you can see it'],
  qa_not_published: ['Не опубликован', 'Eʼlon qilinmadi', 'Нашр нашуд', 'Dərc edilmədi', 'Nepublicată', 'Not published'],
  qa_merged: ['Объединён с похожим вопросом', 'Oʻxshash savol bilan birlashtirildi', 'Бо саволи монанд якҷоя карда шуд', 'Oxşar sualla birləşdirildi', 'Unită cu o întrebare similară', 'Merged with a similar question'],
  qa_vote: ['Поддержать', 'Qoʻllab-quvvatlash', 'Дастгирӣ', 'Dəstəklə', 'Susțin', 'Upvote'],
  qa_unvote: ['Отменить голос', 'Ovozni qaytarish', 'Бекор кардани овоз', 'Səsi geri al', 'Retrage votul', 'Take back vote'],
  qa_votes: ['Голосов: {n}', 'Ovozlar: {n}', 'Овозҳо: {n}', 'Səslər: {n}', 'Voturi: {n}', 'Votes: {n}'],
  qa_mine: ['Ваш вопрос', 'Sizning savolingiz', 'Саволи шумо', 'Sizin sualınız', 'Întrebarea dvs.', 'Your question'],
  qa_empty: ['Вопросов пока нет. Задайте первый!', 'Hozircha savollar yoʻq. Birinchi boʻlib soʻrang!', 'Ҳоло савол нест. Аввалин шуда пурсед!', 'Hələ sual yoxdur. İlk sualı siz verin!', 'Încă nu sunt întrebări. Puneți prima!', 'No questions yet. Ask the first one!'],
  qa_closed: ['Приём вопросов закрыт', 'Savollar qabul qilinmayapti', 'Қабули саволҳо баста аст', 'Sualların qəbulu bağlıdır', 'Întrebările sunt închise', 'Questions are closed'],
  qa_offline: ['Нет связи — переподключаемся…', 'Aloqa yoʻq — qayta ulanmoqda…', 'Пайвастшавӣ нест — аз нав пайваст мешавем…', 'Bağlantı yoxdur — yenidən qoşulur…', 'Fără conexiune — se reconectează…', 'Offline — reconnecting…'],
  qa_connecting: ['Подключение…', 'Ulanmoqda…', 'Пайвастшавӣ…', 'Qoşulur…', 'Conectare…', 'Connecting…'],
  qa_closed_ended: ['Эфир завершён, приём вопросов закрыт. Ниже — вопросы, на которые ответили.', 'Efir yakunlandi, savollar qabul qilinmaydi. Quyida javob berilgan savollar.', 'Эфир ба охир расид, қабули саволҳо баста шуд. Дар поён саволҳое, ки ба онҳо ҷавоб дода шуд.', 'Efir bitdi, sualların qəbulu bağlandı. Aşağıda cavablandırılmış suallar var.', 'Emisiunea s-a încheiat, întrebările sunt închise. Mai jos sunt întrebările care au primit răspuns.', 'The broadcast has ended and questions are closed. Below are the questions that were answered.'],
  qa_none_answered: ['В этом эфире не ответили ни на один вопрос.', 'Bu efirda birorta savolga javob berilmadi.', 'Дар ин эфир ба ягон савол ҷавоб дода нашуд.', 'Bu efirdə heç bir suala cavab verilmədi.', 'În această emisiune nu s-a răspuns la nicio întrebare.', 'No questions were answered in this broadcast.'],
  qa_none_after: ['В этом эфире вопросов не было.', 'Bu efirda savollar boʻlmadi.', 'Дар ин эфир савол набуд.', 'Bu efirdə sual olmayıb.', 'În această emisiune nu au fost întrebări.', 'There were no questions in this broadcast.'],
  qa_after_title: ['Вопросы и ответы эфира', 'Efir savol-javoblari', 'Саволу ҷавобҳои эфир', 'Efirin sual-cavabları', 'Întrebările și răspunsurile emisiunii', 'Questions and answers from the broadcast'],
  qa_ended: ['Эфир завершён', 'Efir yakunlandi', 'Эфир ба охир расид', 'Efir bitdi', 'Emisiunea s-a încheiat', 'The broadcast has ended'],
  qa_scheduled: ['Эфир начнётся {time}', 'Efir {time} da boshlanadi', 'Эфир {time} оғоз мешавад', 'Efir {time} başlayacaq', 'Emisiunea începe la {time}', 'The broadcast starts {time}'],
  qa_live: ['В эфире', 'Efirda', 'Дар эфир', 'Efirdə', 'În direct', 'Live'],
  qa_slow_mode_on: ['Медленный режим: один вопрос в {n} с', 'Sekin rejim: {n} soniyada bitta savol', 'Реҷаи суст: як савол дар {n} сония', 'Yavaş rejim: {n} saniyədə bir sual', 'Mod lent: o întrebare la {n} s', 'Slow mode: one question every {n} s'],
  qa_err_rate_limited: ['Слишком часто. Попробуйте через {n} с', 'Juda tez-tez. {n} soniyadan keyin urinib koʻring', 'Хеле зуд-зуд. Баъд аз {n} сония кӯшиш кунед', 'Çox tez-tez. {n} saniyədən sonra yenidən cəhd edin', 'Prea des. Încercați peste {n} s', 'Too often. Try again in {n} s'],
  qa_err_slow_mode: ['Медленный режим: следующий вопрос через {n} с', 'Sekin rejim: keyingi savol {n} soniyadan keyin', 'Реҷаи суст: саволи навбатӣ баъд аз {n} сония', 'Yavaş rejim: növbəti sual {n} saniyədən sonra', 'Mod lent: următoarea întrebare peste {n} s', 'Slow mode: next question in {n} s'],
  qa_err_banned: ['Вы не можете задавать вопросы в этом чате', 'Siz bu chatda savol bera olmaysiz', 'Шумо дар ин чат савол дода наметавонед', 'Bu çatda sual verə bilməzsiniz', 'Nu puteți pune întrebări în acest chat', 'You cannot ask questions here'],
  qa_err_timed_out: ['Вы временно ограничены ещё на {n} с', 'Siz yana {n} soniya cheklangansiz', 'Шумо боз {n} сония маҳдуд ҳастед', 'Daha {n} saniyə məhdudlaşdırılmısınız', 'Sunteți restricționat încă {n} s', 'You are timed out for {n} more seconds'],
  qa_err_text_too_long: ['Слишком длинный вопрос (не больше 500 символов)', 'Savol juda uzun (500 belgidan oshmasin)', 'Савол хеле дароз аст (на зиёда аз 500 аломат)', 'Sual çox uzundur (500 simvoldan çox olmamalı)', 'Întrebarea e prea lungă (max. 500 de caractere)', 'The question is too long (500 characters at most)'],
  qa_err_empty_text: ['Напишите вопрос', 'Savolni yozing', 'Саволро нависед', 'Sualı yazın', 'Scrieți întrebarea', 'Write your question'],
  qa_err_generic: ['Не получилось: {message}', 'Boʻlmadi: {message}', 'Нашуд: {message}', 'Alınmadı: {message}', 'Nu a reușit: {message}', 'That did not work: {message}'],

  mod_title: ['Модерация вопросов', 'Savollarni moderatsiya qilish', 'Модератсияи саволҳо', 'Sualların moderasiyası', 'Moderarea întrebărilor', 'Question moderation'],
  mod_incoming: ['Новые', 'Yangi', 'Нав', 'Yeni', 'Noi', 'Incoming'],
  mod_published: ['Опубликованные', 'Eʼlon qilingan', 'Нашршуда', 'Dərc olunmuş', 'Publicate', 'Published'],
  mod_done: ['Отвеченные и снятые', 'Javob berilgan va olib tashlangan', 'Ҷавобдода ва хориҷшуда', 'Cavablandırılmış və çıxarılmış', 'Cu răspuns și retrase', 'Answered and removed'],
  mod_approve: ['Одобрить', 'Tasdiqlash', 'Тасдиқ', 'Təsdiqlə', 'Aprobă', 'Approve'],
  mod_reject: ['Отклонить', 'Rad etish', 'Рад кардан', 'Rədd et', 'Respinge', 'Reject'],
  mod_edit: ['Исправить', 'Tahrirlash', 'Ислоҳ', 'Düzəlt', 'Corectează', 'Edit'],
  mod_save: ['Сохранить', 'Saqlash', 'Нигоҳ доштан', 'Yadda saxla', 'Salvează', 'Save'],
  mod_cancel: ['Отмена', 'Bekor qilish', 'Бекор', 'Ləğv et', 'Anulează', 'Cancel'],
  mod_merge: ['Объединить с…', 'Birlashtirish…', 'Якҷоя кардан бо…', 'Birləşdir…', 'Unește cu…', 'Merge into…'],
  mod_pin: ['В эфир', 'Efirga', 'Ба эфир', 'Efirə', 'În emisie', 'Put on air'],
  mod_unpin: ['Снять с эфира', 'Efirdan olish', 'Аз эфир гирифтан', 'Efirdən götür', 'Scoate din emisie', 'Take off air'],
  mod_answer: ['Отвечен', 'Javob berildi', 'Ҷавоб дода шуд', 'Cavablandı', 'Răspuns dat', 'Mark answered'],
  mod_hide: ['Скрыть', 'Yashirish', 'Пинҳон', 'Gizlət', 'Ascunde', 'Hide'],
  mod_restore: ['Вернуть', 'Qaytarish', 'Барқарор', 'Bərpa et', 'Restabilește', 'Restore'],
  mod_timeout: ['Пауза автору', 'Muallifga pauza', 'Танаффус ба муаллиф', 'Müəllifə fasilə', 'Pauză autorului', 'Time out author'],
  mod_ban: ['Заблокировать автора', 'Muallifni bloklash', 'Бастани муаллиф', 'Müəllifi blokla', 'Blochează autorul', 'Ban author'],
  mod_ban_where: ['Где заблокировать автора?', 'Muallifni qayerda bloklash kerak?', 'Муаллифро дар куҷо бояд баст?', 'Müəllif harada bloklansın?', 'Unde să fie blocat autorul?', 'Ban the author where?'],
  mod_scope_broadcast: ['В этом эфире', 'Shu efirda', 'Дар ҳамин эфир', 'Bu efirdə', 'În această emisiune', 'This broadcast'],
  mod_scope_all: ['Во всех эфирах', 'Barcha efirlarda', 'Дар ҳамаи эфирҳо', 'Bütün efirlərdə', 'În toate emisiunile', 'All broadcasts'],
  mod_kind_ban: ['Блокировка', 'Bloklash', 'Бастан', 'Bloklama', 'Blocare', 'Ban'],
  mod_kind_timeout: ['Пауза', 'Pauza', 'Танаффус', 'Fasilə', 'Pauză', 'Time-out'],
  mod_lift: ['Снять ограничение', 'Cheklovni olib tashlash', 'Бардоштани маҳдудият', 'Məhdudiyyəti götür', 'Ridică restricția', 'Lift'],
  mod_original: ['Исходный текст: {text}', 'Asl matn: {text}', 'Матни аслӣ: {text}', 'Orijinal mətn: {text}', 'Textul inițial: {text}', 'Original: {text}'],
  mod_held_blocked: ['Задержан: запрещённые слова ({words})', 'Ushlab qolindi: taqiqlangan soʻzlar ({words})', 'Нигоҳ дошта шуд: калимаҳои манъшуда ({words})', 'Saxlanıldı: qadağan sözlər ({words})', 'Reținută: cuvinte interzise ({words})', 'Held: blocked words ({words})'],
  mod_author: ['Автор {key}', 'Muallif {key}', 'Муаллиф {key}', 'Müəllif {key}', 'Autor {key}', 'Author {key}'],
  mod_settings: ['Настройки', 'Sozlamalar', 'Танзимот', 'Parametrlər', 'Setări', 'Settings'],
  mod_open: ['Приём вопросов открыт', 'Savollar qabul qilinmoqda', 'Қабули саволҳо кушода аст', 'Suallar qəbul olunur', 'Întrebările sunt deschise', 'Questions open'],
  mod_premoderation: ['Премодерация (вопросы ждут одобрения)', 'Oldindan moderatsiya', 'Пешмодератсия', 'Əvvəlcədən moderasiya', 'Premoderare', 'Pre-moderation (questions wait for approval)'],
  mod_slow_mode: ['Медленный режим, секунд (0 — выкл.)', 'Sekin rejim, soniya (0 — oʻchiq)', 'Реҷаи суст, сония (0 — хомӯш)', 'Yavaş rejim, saniyə (0 — söndürülüb)', 'Mod lent, secunde (0 — oprit)', 'Slow mode, seconds (0 = off)'],
  mod_blocked_words: ['Запрещённые слова (через запятую, * в конце — начало слова)', 'Taqiqlangan soʻzlar (vergul bilan)', 'Калимаҳои манъшуда (бо вергул)', 'Qadağan sözlər (vergüllə)', 'Cuvinte interzise (separate prin virgulă)', 'Blocked words (comma-separated, trailing * for a prefix)'],
  mod_apply: ['Применить', 'Qoʻllash', 'Татбиқ', 'Tətbiq et', 'Aplică', 'Apply'],
  mod_sanctions: ['Ограничения', 'Cheklovlar', 'Маҳдудиятҳо', 'Məhdudiyyətlər', 'Restricții', 'Sanctions'],
  // the console's header: who did what last (the protocol's action names, never shown raw)
  mod_act_approve: ['одобрил(а) вопрос', 'savolni maʼqulladi', 'саволро маъқул кард', 'sualı təsdiqlədi', 'a aprobat o întrebare', 'approved a question'],
  mod_act_reject: ['отклонил(а) вопрос', 'savolni rad etdi', 'саволро рад кард', 'sualı rədd etdi', 'a respins o întrebare', 'rejected a question'],
  mod_act_hide: ['скрыл(а) вопрос', 'savolni yashirdi', 'саволро пинҳон кард', 'sualı gizlətdi', 'a ascuns o întrebare', 'hid a question'],
  mod_act_restore: ['вернул(а) вопрос', 'savolni qaytardi', 'саволро баргардонд', 'sualı qaytardı', 'a readus o întrebare', 'restored a question'],
  mod_act_answer: ['отметил(а) вопрос отвеченным', 'savolni javob berilgan deb belgiladi', 'саволро ҷавобдодашуда қайд кард', 'sualı cavablandırılmış kimi qeyd etdi', 'a marcat o întrebare ca răspunsă', 'marked a question answered'],
  mod_act_edit: ['исправил(а) вопрос', 'savolni tahrirladi', 'саволро ислоҳ кард', 'sualı redaktə etdi', 'a editat o întrebare', 'edited a question'],
  mod_act_merge: ['объединил(а) вопросы', 'savollarni birlashtirdi', 'саволҳоро якҷоя кард', 'sualları birləşdirdi', 'a unit întrebări', 'merged questions'],
  mod_act_pin: ['вывел(а) вопрос в эфир', 'savolni efirga chiqardi', 'саволро ба эфир баровард', 'sualı efirə çıxardı', 'a pus o întrebare în emisie', 'put a question on air'],
  mod_act_timeout: ['временно ограничил(а) зрителя', 'tomoshabinni vaqtincha chekladi', 'тамошобинро муваққатан маҳдуд кард', 'izləyicini müvəqqəti məhdudlaşdırdı', 'a restricționat temporar un spectator', 'timed out a viewer'],
  mod_act_ban: ['заблокировал(а) зрителя', 'tomoshabinni blokladi', 'тамошобинро манъ кард', 'izləyicini blokladı', 'a blocat un spectator', 'banned a viewer'],
  mod_act_unban: ['снял(а) ограничение', 'cheklovni olib tashladi', 'маҳдудиятро бардошт', 'məhdudiyyəti götürdü', 'a ridicat o restricție', 'lifted a restriction'],
  mod_act_settings: ['изменил(а) настройки', 'sozlamalarni oʻzgartirdi', 'танзимотро иваз кард', 'ayarları dəyişdi', 'a schimbat setările', 'changed the settings'],
  mod_by: ['{name}: {action}', '{name}: {action}', '{name}: {action}', '{name}: {action}', '{name}: {action}', '{name}: {action}'],
  mod_forbidden: ['Нужна роль модератора', 'Moderator roli kerak', 'Нақши модератор лозим аст', 'Moderator rolu lazımdır', 'Este nevoie de rolul de moderator', 'Needs the moderator role'],

  bc_list: ['Эфиры', 'Efirlar', 'Эфирҳо', 'Efirlər', 'Emisiuni', 'Broadcasts'],
  bc_new: ['Новый эфир', 'Yangi efir', 'Эфири нав', 'Yeni efir', 'Emisiune nouă', 'New broadcast'],
  bc_title: ['Название', 'Nomi', 'Ном', 'Ad', 'Titlu', 'Title'],
  bc_description: ['Описание', 'Tavsif', 'Тавсиф', 'Təsvir', 'Descriere', 'Description'],
  bc_scheduled_at: ['Начало', 'Boshlanishi', 'Оғоз', 'Başlama', 'Începe la', 'Starts at'],
  bc_create: ['Создать', 'Yaratish', 'Сохтан', 'Yarat', 'Creează', 'Create'],
  bc_start: ['Начать эфир', 'Efirni boshlash', 'Оғози эфир', 'Efirə başla', 'Pornește emisia', 'Go live'],
  bc_end: ['Завершить эфир', 'Efirni tugatish', 'Анҷоми эфир', 'Efiri bitir', 'Încheie emisia', 'End broadcast'],
  bc_state_scheduled: ['Запланирован', 'Rejalashtirilgan', 'Ба нақша гирифта шуд', 'Planlaşdırılıb', 'Programată', 'Scheduled'],
  bc_state_live: ['В эфире', 'Efirda', 'Дар эфир', 'Efirdə', 'În direct', 'Live'],
  bc_state_ended: ['Завершён', 'Yakunlangan', 'Анҷомёфта', 'Bitib', 'Încheiată', 'Ended'],
  bc_console: ['Модерация', 'Moderatsiya', 'Модератсия', 'Moderasiya', 'Moderare', 'Moderate'],
  bc_page: ['Страница эфира', 'Efir sahifasi', 'Саҳифаи эфир', 'Efir səhifəsi', 'Pagina emisiunii', 'Broadcast page'],
  con_live: ['Сейчас в эфире', 'Hozir efirda', 'Ҳоло дар эфир', 'Hazırda efirdə', 'Acum în direct', 'Live now'],
  con_upcoming: ['Скоро в эфире', 'Tez orada efirda', 'Ба зудӣ дар эфир', 'Tezliklə efirdə', 'Urmează', 'Coming up'],
  con_ended: ['Недавно завершённые', 'Yaqinda yakunlanganlar', 'Ба наздикӣ анҷомёфта', 'Bu yaxınlarda bitənlər', 'Încheiate recent', 'Recently ended'],
  con_none_live: ['Сейчас ничего не идёт в эфире.', 'Hozir efirda hech narsa yoʻq.', 'Ҳоло дар эфир чизе нест.', 'Hazırda efirdə heç nə yoxdur.', 'Acum nu este nimic în direct.', 'Nothing is live right now.'],
  con_none_upcoming: ['Запланированных эфиров нет.', 'Rejalashtirilgan efirlar yoʻq.', 'Эфири ба нақша гирифташуда нест.', 'Planlaşdırılmış efir yoxdur.', 'Nu sunt emisiuni programate.', 'No broadcasts are scheduled.'],
  con_no_time: ['Время не назначено', 'Vaqti belgilanmagan', 'Вақт муайян нашудааст', 'Vaxt təyin edilməyib', 'Fără oră stabilită', 'No start time yet'],
  con_back: ['Все эфиры', 'Barcha efirlar', 'Ҳамаи эфирҳо', 'Bütün efirlər', 'Toate emisiunile', 'All broadcasts'],
  con_state: ['Состояние эфира', 'Efir holati', 'Ҳолати эфир', 'Efirin vəziyyəti', 'Starea emisiunii', 'Broadcast status'],
  con_reconnecting: ['Трансляция прервалась, ждём её возвращения', 'Translyatsiya uzildi, qaytishini kutyapmiz', 'Пахш қатъ шуд, бозгаштро интизорем', 'Yayım kəsildi, qayıtmasını gözləyirik', 'Transmisia s-a întrerupt, așteptăm revenirea', 'The stream dropped; waiting for it to return'],
  con_no_video: ['Видео ещё не пришло', 'Video hali kelmadi', 'Видео ҳанӯз нарасидааст', 'Video hələ gəlməyib', 'Imaginea nu a sosit încă', 'No video yet'],
  bc_none: ['Эфиров пока нет', 'Hozircha efirlar yoʻq', 'Ҳоло эфир нест', 'Hələ efir yoxdur', 'Încă nu sunt emisiuni', 'No broadcasts yet']
} satisfies Record<string, [string, string, string, string, string, string]>;

export type QaMessageKey = keyof typeof ROWS;

/** A Q&A message in a language, with {placeholders} filled. */
export const qt = messageTable<QaMessageKey>(ROWS);
/** For the six-language checks (test/unit/web/qa-messages.test.ts). */
export const QA_MESSAGE_ROWS: Record<string, readonly string[]> = ROWS;

/** The message for a server error code, when there is one for people; else the server's sentence. */
export function errorText(lang: string, e: { code: string; message: string; retryAfter?: number }): string {
  const n = e.retryAfter ?? 0;
  switch (e.code) {
    case 'rate_limited': return qt(lang, 'qa_err_rate_limited', { n });
    case 'slow_mode': return qt(lang, 'qa_err_slow_mode', { n });
    case 'banned': return qt(lang, 'qa_err_banned');
    case 'timed_out': return qt(lang, 'qa_err_timed_out', { n });
    case 'text_too_long': return qt(lang, 'qa_err_text_too_long');
    case 'empty_text': return qt(lang, 'qa_err_empty_text');
    case 'qa_closed': return qt(lang, 'qa_closed');
    case 'forbidden': return qt(lang, 'mod_forbidden');
    // Worded from the code (web/lib/i18n/errors.ts), never the server's English.
    default: return anyErrorText(lang, e);
  }
}

/** A moderator action of the Q&A protocol (pin, answer…) as the console's header says it. */
export function modActionName(lang: string, action: string): string {
  const key = `mod_act_${action}`;
  return key in ROWS ? qt(lang, key as QaMessageKey) : qt(lang, 'mod_act_settings');
}
