/**
 * Machine translation (issue 12) in the six UI languages: the viewers' label of a machine-translated
 * track (the player's menu, the subtitle lists of the watch page) and the cue editor's "Draft
 * translation" (its button, pending state, result and refusals). One row per key in the order
 * ru, uz, tg, az, ro, en; `err_<code>` rows translate the codes the draft refuses with.
 */
import { errorText } from '../i18n/errors.ts';
import { messageTable } from '../i18n/index.ts';

const ROWS = {
  // viewers: a track whose cues a machine translated (machine_cues > 0); {name} is the language's own name
  track_machine: ['{name} (машинный перевод)', '{name} (mashina tarjimasi)', '{name} (тарҷумаи мошинӣ)', '{name} (maşın tərcüməsi)', '{name} (traducere automată)', '{name} (machine-translated)'],
  // the cue editor
  draft_button: ['Черновик перевода', 'Tarjima qoralamasi', 'Сиёҳнависи тарҷума', 'Tərcümə qaralaması', 'Ciornă de traducere', 'Draft translation'],
  draft_hint: [
    'Машинно переведёт русские реплики, которых ещё нет в этом языке; реплики, написанные людьми, не изменятся.',
    'Bu tilda hali yoʻq ruscha replikalarni mashina tarjima qiladi; odamlar yozgan replikalar oʻzgarmaydi.',
    'Репликаҳои русиро, ки дар ин забон ҳоло нестанд, бо мошин тарҷума мекунад; репликаҳои навиштаи одамон тағйир намеёбанд.',
    'Bu dildə hələ olmayan rus replikalarını maşınla tərcümə edir; insanların yazdığı replikalar dəyişmir.',
    'Traduce automat replicile rusești care lipsesc în această limbă; replicile scrise de oameni rămân neschimbate.',
    'Machine-translates the Russian cues this language does not have yet; cues written by people stay as they are.'
  ],
  draft_pending: ['Переводим…', 'Tarjima qilinmoqda…', 'Тарҷума шуда истодааст…', 'Tərcümə olunur…', 'Se traduce…', 'Translating…'],
  draft_done: [
    'Готово: переведено {drafted}, оставлено как было {kept}. Проверьте реплики с пометкой «машинный перевод» и сохраните.',
    'Tayyor: {drafted} ta tarjima qilindi, {kept} ta oʻzgarishsiz qoldi. Mashina tarjimasi deb belgilangan replikalarni tekshiring va saqlang.',
    'Тайёр: {drafted} тарҷума шуд, {kept} бетағйир монд. Репликаҳоеро, ки ҳамчун тарҷумаи мошинӣ қайд шудаанд, санҷед ва нигоҳ доред.',
    'Hazırdır: {drafted} tərcümə olundu, {kept} dəyişmədən qaldı. Maşın tərcüməsi kimi işarələnmiş replikaları yoxlayın və saxlayın.',
    'Gata: {drafted} traduse, {kept} păstrate neschimbate. Verificați replicile marcate ca traducere automată și salvați.',
    'Done: {drafted} translated, {kept} kept as they were. Check the cues marked machine-translated, then save.'
  ],
  draft_nothing: [
    'Переводить нечего: для всех русских реплик в этом языке уже есть реплики.',
    'Tarjima qiladigan narsa yoʻq: barcha ruscha replikalar bu tilda bor.',
    'Чизе барои тарҷума нест: ҳамаи репликаҳои русӣ дар ин забон ҳастанд.',
    'Tərcümə ediləcək heç nə yoxdur: bütün rus replikaları bu dildə var.',
    'Nu este nimic de tradus: toate replicile rusești există deja în această limbă.',
    'Nothing to translate: every Russian cue already has one in this language.'
  ],
  draft_unsaved: [
    'Сначала сохраните или отмените свои правки: черновик строится от сохранённой версии.',
    'Avval tahrirlaringizni saqlang yoki bekor qiling: qoralama saqlangan versiyadan tuziladi.',
    'Аввал тағйироти худро нигоҳ доред ё бекор кунед: сиёҳнавис аз версияи нигоҳдошта сохта мешавад.',
    'Əvvəlcə düzəlişlərinizi saxlayın və ya ləğv edin: qaralama saxlanmış versiyadan qurulur.',
    'Mai întâi salvați sau anulați modificările: ciorna pornește de la versiunea salvată.',
    'Save or discard your edits first: the draft starts from the saved version.'
  ],
  cue_machine: ['машинный перевод', 'mashina tarjimasi', 'тарҷумаи мошинӣ', 'maşın tərcüməsi', 'traducere automată', 'machine-translated'],
  err_translation_failed: [
    'Машинный перевод не удался ({reason}). Реплики не изменены.',
    'Mashina tarjimasi amalga oshmadi ({reason}). Replikalar oʻzgartirilmadi.',
    'Тарҷумаи мошинӣ иҷро нашуд ({reason}). Репликаҳо тағйир наёфтанд.',
    'Maşın tərcüməsi alınmadı ({reason}). Replikalar dəyişdirilmədi.',
    'Traducerea automată a eșuat ({reason}). Replicile nu au fost modificate.',
    'Machine translation failed ({reason}). The cues were not changed.'
  ],
  err_translation_unavailable: ['Машинный перевод не настроен.', 'Mashina tarjimasi sozlanmagan.', 'Тарҷумаи мошинӣ танзим нашудааст.', 'Maşın tərcüməsi qurulmayıb.', 'Traducerea automată nu este configurată.', 'Machine translation is not configured.']
};

export type MtMessageKey = keyof typeof ROWS;
export const MT_MESSAGE_ROWS: Record<MtMessageKey, readonly string[]> = ROWS;

/** A machine-translation message in a UI language (Russian for an unknown one). */
export const mt = messageTable<MtMessageKey>(ROWS);

/** A subtitle track's label for viewers: its language's name, and "(machine-translated)" in the viewer's language when it is. */
export function trackLabel(track: { name: string; machine?: boolean }, uiLang: string): string {
  return track.machine ? mt(uiLang, 'track_machine', { name: track.name }) : track.name;
}

/** The draft's refusal in the user's language, with the service's reason; other codes keep the service's message. */
export function mtError(lang: string, problem: { code: string; message: string; reason?: string; params?: Record<string, string | number> }): string {
  if (problem.code === 'translation_failed') {
    const reason = problem.reason ?? /\(([^,)]+)/.exec(problem.message)?.[1] ?? problem.code;
    return mt(lang, 'err_translation_failed', { reason });
  }
  if (problem.code === 'translation_unavailable') return mt(lang, 'err_translation_unavailable');
  return errorText(lang, problem);
}
