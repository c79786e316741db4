/**
 * Interface strings of the admin page (/admin: accounts and a link to the job queues) in the six UI
 * languages, one row per key in the order ru, uz, tg, az, ro, en (as web/lib/live/messages.ts).
 * `err_<code>` rows translate the error codes of AccountsService; an unknown code shows the
 * service's own (English) message.
 */
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  title: ['Администрирование', 'Boshqaruv', 'Идоракунӣ', 'İdarəetmə', 'Administrare', 'Administration'],
  queues: ['Очереди задач', 'Vazifalar navbati', 'Навбати вазифаҳо', 'Tapşırıq növbələri', 'Cozi de sarcini', 'Job queues'],
  queues_hint: ['Обработка видео и эфиров: ожидающие, упавшие и выполненные задачи.', 'Video va efirlarni qayta ishlash: kutilayotgan, xato bergan va bajarilgan vazifalar.', 'Коркарди видео ва эфирҳо: вазифаҳои интизор, ноком ва иҷрошуда.', 'Video və efirlərin emalı: gözləyən, uğursuz və tamamlanmış tapşırıqlar.', 'Procesarea videoclipurilor și emisiunilor: sarcini în așteptare, eșuate și finalizate.', 'Video and broadcast processing: waiting, failed and completed jobs.'],
  accounts: ['Учётные записи', 'Hisoblar', 'Ҳисобҳо', 'Hesablar', 'Conturi', 'Accounts'],
  add_title: ['Новая учётная запись', 'Yangi hisob', 'Ҳисоби нав', 'Yeni hesab', 'Cont nou', 'New account'],
  field_email: ['Эл. почта', 'Elektron pochta', 'Почтаи электронӣ', 'E-poçt', 'E-mail', 'Email'],
  field_name: ['Имя', 'Ism', 'Ном', 'Ad', 'Nume', 'Name'],
  field_role: ['Роль', 'Rol', 'Нақш', 'Rol', 'Rol', 'Role'],
  field_password: ['Пароль (не короче 8 символов)', 'Parol (kamida 8 belgi)', 'Парол (на камтар аз 8 аломат)', 'Şifrə (ən azı 8 simvol)', 'Parolă (cel puțin 8 caractere)', 'Password (at least 8 characters)'],
  field_new_password: ['Новый пароль', 'Yangi parol', 'Пароли нав', 'Yeni şifrə', 'Parolă nouă', 'New password'],
  add: ['Создать', 'Yaratish', 'Сохтан', 'Yarat', 'Creează', 'Create'],
  added: ['Учётная запись {email} создана', '{email} hisobi yaratildi', 'Ҳисоби {email} сохта шуд', '{email} hesabı yaradıldı', 'Contul {email} a fost creat', 'Account {email} created'],
  role_admin: ['Администратор', 'Administrator', 'Маъмур', 'Administrator', 'Administrator', 'Admin'],
  role_producer: ['Продюсер', 'Prodyuser', 'Продюсер', 'Prodüser', 'Producător', 'Producer'],
  role_moderator: ['Модератор', 'Moderator', 'Модератор', 'Moderator', 'Moderator', 'Moderator'],
  you: ['это вы', 'bu siz', 'ин шумо ҳастед', 'bu sizsiniz', 'acesta sunteți dvs.', 'you'],
  disabled: ['Отключена', 'Oʻchirilgan', 'Хомӯш', 'Söndürülüb', 'Dezactivat', 'Disabled'],
  since: ['С {date}', '{date} dan beri', 'Аз {date}', '{date} tarixindən', 'Din {date}', 'Since {date}'],
  change_role: ['Сменить роль', 'Rolni almashtirish', 'Иваз кардани нақш', 'Rolu dəyiş', 'Schimbă rolul', 'Change role'],
  reset_password: ['Задать пароль', 'Parolni oʻrnatish', 'Гузоштани парол', 'Şifrəni təyin et', 'Setează parola', 'Set password'],
  disable: ['Отключить', 'Oʻchirish', 'Хомӯш кардан', 'Söndür', 'Dezactivează', 'Disable'],
  enable: ['Включить', 'Yoqish', 'Фаъол кардан', 'Aktivləşdir', 'Activează', 'Enable'],
  disable_confirm: ['Отключить {email}? Вход станет невозможен, открытые сеансы закроются.', '{email} oʻchirilsinmi? Kirish imkonsiz boʻladi, ochiq seanslar yopiladi.', '{email} хомӯш карда шавад? Воридшавӣ ғайриимкон мешавад, ҷаласаҳои кушода баста мешаванд.', '{email} söndürülsün? Giriş mümkün olmayacaq, açıq seanslar bağlanacaq.', 'Dezactivați {email}? Autentificarea nu va mai fi posibilă, sesiunile deschise se închid.', 'Disable {email}? Signing in stops working and open sessions end.'],
  sessions_note: ['Смена роли или пароля и отключение завершают все сеансы этой учётной записи.', 'Rol yoki parolni almashtirish va oʻchirish bu hisobning barcha seanslarini yakunlaydi.', 'Иваз кардани нақш ё парол ва хомӯш кардан ҳамаи ҷаласаҳои ин ҳисобро хотима медиҳад.', 'Rolun və ya şifrənin dəyişdirilməsi və söndürmə bu hesabın bütün seanslarını bitirir.', 'Schimbarea rolului sau a parolei și dezactivarea închid toate sesiunile acestui cont.', 'Changing the role or password, and disabling, end every session of the account.'],
  saved_role: ['Роль {email} изменена', '{email} roli oʻzgartirildi', 'Нақши {email} иваз шуд', '{email} rolu dəyişdirildi', 'Rolul pentru {email} a fost schimbat', 'Role of {email} changed'],
  saved_password: ['Пароль {email} изменён', '{email} paroli oʻzgartirildi', 'Пароли {email} иваз шуд', '{email} şifrəsi dəyişdirildi', 'Parola pentru {email} a fost schimbată', 'Password of {email} changed'],
  saved_disabled: ['{email} отключена', '{email} oʻchirildi', '{email} хомӯш шуд', '{email} söndürüldü', '{email} a fost dezactivat', '{email} disabled'],
  saved_enabled: ['{email} снова включена', '{email} yana yoqildi', '{email} боз фаъол шуд', '{email} yenidən aktivdir', '{email} a fost reactivat', '{email} enabled again'],
  err_weak_password: ['Пароль слишком слабый: нужно не меньше 8 символов и не из списка распространённых паролей.', 'Parol juda zaif: kamida 8 belgi boʻlsin va keng tarqalgan parollardan boʻlmasin.', 'Парол хеле заиф аст: на камтар аз 8 аломат ва на аз рӯйхати паролҳои маъмул.', 'Şifrə çox zəifdir: ən azı 8 simvol olmalı və geniş yayılmış şifrələrdən olmamalıdır.', 'Parola e prea slabă: cel puțin 8 caractere și să nu fie una dintre parolele obișnuite.', 'The password is too weak: at least 8 characters, and not one of the common passwords.'],
  err_email_taken: ['На эту почту уже есть учётная запись.', 'Bu pochtaga allaqachon hisob bor.', 'Ба ин почта аллакай ҳисоб ҳаст.', 'Bu e-poçt üçün artıq hesab var.', 'Există deja un cont cu acest e-mail.', 'This email already has an account.'],
  err_invalid_email: ['Это не адрес электронной почты.', 'Bu elektron pochta manzili emas.', 'Ин суроғаи почтаи электронӣ нест.', 'Bu e-poçt ünvanı deyil.', 'Aceasta nu este o adresă de e-mail.', 'This is not an email address.'],
  err_own_account: ['Нельзя понизить или отключить свою учётную запись: попросите другого администратора.', 'Oʻz hisobingizni pasaytirib yoki oʻchirib boʻlmaydi: boshqa administratordan soʻrang.', 'Ҳисоби худро паст кардан ё хомӯш кардан мумкин нест: аз маъмури дигар хоҳиш кунед.', 'Öz hesabınızı aşağı sala və ya söndürə bilməzsiniz: başqa administratordan xahiş edin.', 'Nu vă puteți retrograda sau dezactiva propriul cont: cereți altui administrator.', 'You cannot demote or disable your own account: ask another admin.'],
  err_not_found: ['Такой учётной записи нет.', 'Bunday hisob yoʻq.', 'Чунин ҳисоб нест.', 'Belə hesab yoxdur.', 'Acest cont nu există.', 'There is no such account.'],
  err_forbidden: ['Это доступно только администраторам.', 'Bu faqat administratorlar uchun.', 'Ин танҳо барои маъмурон аст.', 'Bu yalnız administratorlar üçündür.', 'Acest lucru e doar pentru administratori.', 'Only admins may do this.'],
  err_invalid_request: ['Проверьте заполненные поля.', 'Toʻldirilgan maydonlarni tekshiring.', 'Майдонҳои пуркардашударо санҷед.', 'Doldurulmuş sahələri yoxlayın.', 'Verificați câmpurile completate.', 'Check the fields you filled in.']
} satisfies Record<string, [string, string, string, string, string, string]>;

export type AdminMessageKey = keyof typeof ROWS;
export const ADMIN_MESSAGE_ROWS: Record<AdminMessageKey, readonly string[]> = ROWS;

/** An admin-page message in a UI language (Russian for an unknown one), {placeholders} filled. */
export const adm = messageTable<AdminMessageKey>(ROWS);

/** The translated message of an error code, or null when this table has none. */
export function admError(lang: string, code: string): string | null {
  const key = `err_${code}`;
  return key in ROWS ? adm(lang, key as AdminMessageKey) : null;
}
