/**
 * JSON request bodies: small by default (JSON_BODY_LIMIT, 64 KB; a route that takes more sets its
 * own bodyLimit) and nested at most JSON_MAX_DEPTH levels. A 2 MB body of nested brackets held the
 * event loop for half a second in JSON.parse; the depth is checked in one pass over the text before
 * it is parsed, which costs a fraction of the parse and refuses such a body at its first too-deep bracket.
 */
import type { FastifyInstance } from 'fastify';
import { EfirError } from './errors.ts';

/** Whether arrays and objects in this JSON text nest deeper than `max` (brackets inside strings do not count). */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}

/** Replaces Fastify's JSON parser with one that checks the depth first, then parses as Fastify does. */
export function useDepthCheckedJson(app: FastifyInstance, maxDepth: number): void {
  // Fastify's own parser (secure-json-parse: __proto__ and constructor.prototype refused).
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (nestedDeeperThan(body as string, maxDepth)) {
      return done(new EfirError('too_deep', `body: nested deeper than ${maxDepth} levels (JSON_MAX_DEPTH)`, { field: 'body' }), undefined);
    }
    parse(req, body as string, done);
  });
}
