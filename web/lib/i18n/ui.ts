/**
 * Messages for components: a Translator over the catalogue namespaces the page's layouts put in its
 * data (PAGE_NAMESPACES: `m` on every page, `m_studio` under /studio, `m_admin` on /admin), of the
 * request's language only. Reading them through `page` keeps templates reactive when the language
 * changes.
 */
import { page } from '$app/state';
import { PAGE_NAMESPACES, hasMessage, translate, type MessageKey, type MessageParams, type PartialCatalogue, type Translator, type UiLang } from './index.ts';

const DATA_KEYS = Object.keys(PAGE_NAMESPACES) as (keyof typeof PAGE_NAMESPACES)[];

let mergedFrom: unknown = null;
let merged: PartialCatalogue = {};

/**
 * The namespaces this page's data carries, as one catalogue: merged once per page data (a render
 * asks for hundreds of messages). Safe on the server too: a render reads one request's data
 * synchronously, and another request's data is another object.
 */
function catalogueOfThisPage(): PartialCatalogue {
  const data = page.data as Record<string, PartialCatalogue | undefined>;
  if (data !== mergedFrom) {
    merged = Object.assign({}, ...DATA_KEYS.map((key) => data[key]));
    mergedFrom = data;
  }
  return merged;
}

export const ui: Translator = {
  get lang(): UiLang {
    return page.data.lang as UiLang;
  },
  t: (key: MessageKey, params?: MessageParams) => translate(catalogueOfThisPage(), key, params),
  has: (key: string): key is MessageKey => hasMessage(catalogueOfThisPage(), key)
};
