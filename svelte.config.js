import adapter from '@sveltejs/adapter-node';

/** The SvelteKit app lives in web/; Fastify mounts the built handler (build/handler.js). */
export default {
  kit: {
    adapter: adapter({ out: 'build' }),
    files: {
      src: 'web',
      routes: 'web/routes',
      lib: 'web/lib',
      appTemplate: 'web/app.html',
      hooks: { server: 'web/hooks.server', client: 'web/hooks.client' },
      params: 'web/params',
      assets: 'web/static'
    },
    alias: { $media: 'media' },
    // Form posts are checked by origin in web/hooks.server.ts, not here: behind Fastify, adapter-node
    // takes every request for https (no ORIGIN / PROTOCOL_HEADER), so Kit's own check refused every
    // form post over plain http. The JSON API checks its own CSRF token (server/plugins/auth.ts).
    csrf: { trustedOrigins: ['*'] }
  }
};
