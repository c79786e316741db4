/**
 * Messages for components: a Translator over the catalogue namespaces the page's layouts put in its
 * data (PAGE_NAMESPACES: `m` on every page, `m_studio` under /studio, `m_admin` on /admin), of the
 * request's language only. Reading them through `page` keeps templates reactive when the language
 * changes.
 */
import { page } from '$app/state';
import { PAGE_NAMESPACES, hasMessage, translate, type MessageKey, type MessageParams, type PartialCatalogue, type Translator, type UiLang } from './index.ts';

const DATA_KEYS = Object.keys(PAGE_NAMESPACES) as (keyof typeof PAGE_NAMESPACES)[];

/** The namespaces this page's data carries, as one catalogue. */
function catalogueOfThisPage(): PartialCatalogue {
  const data = page.data as Record<string, PartialCatalogue | undefined>;
  return Object.assign({}, ...DATA_KEYS.map((key) => data[key]));
}

export const ui: Translator = {
  get lang(): UiLang {
    return page.data.lang as UiLang;
  },
  t: (key: MessageKey, params?: MessageParams) => translate(catalogueOfThisPage(), key, params),
  has: (key: string): key is MessageKey => hasMessage(catalogueOfThisPage(), key)
};
