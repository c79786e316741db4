/**
 * GET /api/search?q=&page=&lang=: the library's search as public JSON (server/services/search.ts).
 * Any q is answered (200): no word → an empty page with problem 'no_words', longer than 200
 * characters → cut. lang (the viewer's language: its cues first, its titles shown) defaults to the
 * request's UI language as the pages pick it (efir_lang cookie, Accept-Language, else Russian).
 */
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { pickUiLang, type UiLang } from '../../web/lib/i18n/index.ts';
import { SEARCH_MAX_PAGE } from '../search/types.ts';
import { Nullable, errors } from './schemas.ts';

const Lang = Type.Union(['ru', 'uz', 'tg', 'az', 'ro', 'en'].map((l) => Type.Literal(l)));

export const SearchHitSchema = Type.Object({
  videoId: Type.String(),
  title: Type.String(),
  titleLang: Type.String(),
  watchUrl: Type.String(),
  posterUrl: Nullable(Type.String()),
  duration: Nullable(Type.Number()),
  kind: Type.Union([Type.Literal('title'), Type.Literal('description'), Type.Literal('cue'), Type.Literal('question')]),
  lang: Type.String(),
  start: Nullable(Type.Number()),
  text: Type.String(),
  marks: Type.Array(Type.Tuple([Type.Integer(), Type.Integer()])),
  state: Type.Optional(Type.String()),
  published: Type.Optional(Type.Boolean())
});

export const SearchResultSchema = Type.Object({
  q: Type.String(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  total: Type.Integer(),
  items: Type.Array(SearchHitSchema),
  problem: Nullable(Type.Literal('no_words'))
});

export default async function searchRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { search } = app.efir;

  app.get(
    '/',
    {
      config: { role: 'public' },
      schema: {
        querystring: Type.Object({
          // No maxLength: a long query is cut to 200 characters by the service, not refused.
          q: Type.String({ default: '' }),
          page: Type.Integer({ minimum: 1, maximum: SEARCH_MAX_PAGE, default: 1 }),
          lang: Type.Optional(Lang)
        }),
        response: { 200: SearchResultSchema, ...errors(400) }
      }
    },
    async (req, reply) => {
      const lang: UiLang = (req.query.lang as UiLang | undefined) ?? pickUiLang(req.cookies.efir_lang, req.headers['accept-language'] ?? null);
      // A publish or a hide shows at once; an answer may differ by language (Vary).
      reply.header('cache-control', 'no-cache').header('vary', 'accept-language, cookie');
      return search.search({ q: req.query.q, page: req.query.page, lang }, req.user);
    }
  );
}
