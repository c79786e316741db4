/**
 * The one place that talks to Google Cloud Translation (v2, the Basic edition that takes an API key).
 *
 * Through @google-cloud/translate@9's v2 `Translate` (v10 needs Node 22), with `key`, its own retries
 * off (autoRetry: false, maxRetries: 0: see errors.ts) and its base URL set to TRANSLATE_API_ROOT +
 * /language/translate/v2. The library builds that URL as `https://${apiEndpoint}/…`, so apiEndpoint
 * cannot name an http:// server (the tests' stand-in); its `baseUrl` property, which `request()` reads
 * on every call, can, so it is set after construction (GOOGLE_CLOUD_TRANSLATE_ENDPOINT would do the
 * same for the whole process, which is why it is not used).
 *
 * The call goes through the library's `request()` (the key as `key=`, its User-Agent, its transport and
 * its error parsing into ApiError), not `translate()`: translate() reads `resp.data.translations` inside
 * the transport's promise callback, so a malformed answer would throw there (an unhandled rejection and
 * a draft that never settles) instead of coming back as an error; here the answer is checked first.
 *
 * Time limit: the library passes `timeout` to node-fetch 3, which no longer honours it, so the limit
 * (TRANSLATE_TIMEOUT_SECONDS per request) is kept here: the draft fails with reason `timeout` and a late
 * answer is dropped.
 */
import { Translate } from '@google-cloud/translate/build/src/v2/index.js';
import type { TranslateConfig } from '../../config/index.ts';
import type { Lang } from '../../media/subtitles/index.ts';
import { decodeEntities } from './entities.ts';
import { classifyTranslateError, malformed, noAnswer, notConfigured, timedOut, TranslateError } from './errors.ts';
import { DRAFT_SOURCE, GOOGLE_LANG } from './languages.ts';

/** What the draft service needs: texts in, the same number of texts out, in order. */
export interface TextTranslator {
  /** An API key is configured (the editor shows "Draft translation" only then). */
  readonly configured: boolean;
  /** Texts per request (TRANSLATE_BATCH_CUES). */
  readonly batchSize: number;
  /** ONE request: these Russian texts into `target`. */
  translateBatch(texts: string[], target: Lang): Promise<string[]>;
}

interface V2Answer {
  data?: { translations?: { translatedText?: unknown; detectedSourceLanguage?: string }[] };
}

export class GoogleTranslator implements TextTranslator {
  private readonly client: Translate | null;
  readonly batchSize: number;
  private readonly timeoutMs: number;

  constructor(private readonly config: TranslateConfig) {
    this.batchSize = config.batchCues;
    this.timeoutMs = config.timeoutSeconds * 1000;
    if (!config.apiKey) {
      this.client = null;
      return;
    }
    this.client = new Translate({ key: config.apiKey, autoRetry: false, maxRetries: 0 });
    this.client.baseUrl = `${config.apiRoot}/language/translate/v2`;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  translateBatch(texts: string[], target: Lang): Promise<string[]> {
    const client = this.client;
    if (!client) return Promise.reject(notConfigured());
    if (!texts.length) return Promise.resolve([]);
    const json = { q: texts, source: GOOGLE_LANG[DRAFT_SOURCE], target: GOOGLE_LANG[target], format: 'text' };
    return new Promise<string[]>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(() => settle(() => reject(timedOut(this.config.timeoutSeconds))), this.timeoutMs);
      try {
        client.request({ method: 'POST', uri: '', json, timeout: this.timeoutMs } as never, (err, body) => {
          settle(() => {
            if (err) reject(fromLibraryError(err));
            else {
              try {
                resolve(readAnswer(body, texts.length));
              } catch (e) {
                reject(e);
              }
            }
          });
        });
      } catch (err) {
        settle(() => reject(fromLibraryError(err as Error)));
      }
    });
  }
}

/** The library's error (ApiError with the HTTP status as `code`, or node-fetch's FetchError) → ours. */
function fromLibraryError(err: Error): TranslateError {
  if (err instanceof TranslateError) return err;
  const e = err as Error & { code?: unknown; type?: string; errors?: unknown[]; response?: { body?: unknown; statusCode?: number } };
  if (typeof e.code === 'number') {
    const body = e.response?.body;
    // The body as Google sent it (details and all) when there is one, else what ApiError kept.
    const googleBody = body && typeof body === 'object' && 'error' in body ? body : typeof body === 'string' && body.trim().startsWith('{') ? body : { error: { code: e.code, message: e.message, errors: e.errors } };
    return classifyTranslateError(e.code, googleBody);
  }
  if (e.type === 'invalid-json' || e.name === 'SyntaxError') return malformed(e.message);
  const cause = (e as { cause?: { code?: string } }).cause;
  return noAnswer(typeof e.code === 'string' ? e.code : cause?.code ?? e.message);
}

/** Checks the v2 answer's shape: one translation per text, each a string; decodes entities. */
export function readAnswer(body: unknown, expected: number): string[] {
  if (!body || typeof body !== 'object') throw malformed(typeof body === 'string' ? `not JSON: ${body.slice(0, 80)}` : 'no body');
  const list = (body as V2Answer).data?.translations;
  if (!Array.isArray(list)) throw malformed('no data.translations');
  if (list.length !== expected) throw malformed(`${list.length} translations for ${expected} texts`);
  return list.map((t, i) => {
    if (typeof t?.translatedText !== 'string') throw malformed(`translation ${i + 1} has no translatedText`);
    return decodeEntities(t.translatedText);
  });
}
