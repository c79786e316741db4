import type { Efir } from '../server/context.ts';
import type { User } from '../server/repositories/users.ts';
import type { UiLang } from './lib/i18n/index.ts';

declare global {
  namespace App {
    interface Locals {
      /** The services of this process (repositories and services), set by Fastify for each request. */
      efir: Efir;
      user: User | null;
      sessionId: string | null;
      /** Sent back by the page in x-csrf-token on API calls that change state. */
      csrfToken: string | null;
      viewerId: string;
      /** UI language: the efir_lang cookie, else the browser's Accept-Language, else ru. */
      lang: UiLang;
      /** Colour theme from the efir_theme cookie: system (prefers-color-scheme), light or dark. */
      theme: import('./lib/theme/theme.ts').Theme;
    }
    interface Platform {
      req: import('node:http').IncomingMessage & { efir?: import('../server/plugins/sveltekit.ts').PageContext };
    }
  }
}

export {};
