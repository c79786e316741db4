/**
 * All six catalogues, for the server only (the `.server` name makes SvelteKit refuse to bundle this
 * module into a page): server loads and actions word messages in the request's language, and the
 * layouts pick the namespaces their pages need (PAGE_NAMESPACES) to send to the browser.
 */
import { ru, type Catalogue } from './catalogues/ru.ts';
import { uz } from './catalogues/uz.ts';
import { tg } from './catalogues/tg.ts';
import { az } from './catalogues/az.ts';
import { ro } from './catalogues/ro.ts';
import { en } from './catalogues/en.ts';
import { PAGE_NAMESPACES, translator, type PageCatalogueKey, type PartialCatalogue, type Translator, type UiLang } from './index.ts';

export const CATALOGUES: Record<UiLang, Catalogue> = { ru, uz, tg, az, ro, en };

const translators = new Map<UiLang, Translator>();

/** The Translator of a language over its whole catalogue. */
export function translatorFor(lang: UiLang): Translator {
  let tr = translators.get(lang);
  if (!tr) translators.set(lang, (tr = translator(lang, CATALOGUES[lang] as PartialCatalogue)));
  return tr;
}

const pageCatalogues = new Map<string, PartialCatalogue>();

/**
 * The namespaces a layout sends to the browser (PAGE_NAMESPACES[key]) of one language's catalogue:
 * picked once per language and layout, not on every page load.
 */
export function pageCatalogue(lang: UiLang, key: PageCatalogueKey): PartialCatalogue {
  let picked = pageCatalogues.get(`${lang}:${key}`);
  if (!picked) {
    const catalogue = CATALOGUES[lang] as PartialCatalogue;
    picked = Object.fromEntries(PAGE_NAMESPACES[key].map((ns) => [ns, catalogue[ns]]));
    pageCatalogues.set(`${lang}:${key}`, picked);
  }
  return picked;
}
