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
    csrf: { trustedOrigins: ['*'] },
    // The pages' Content-Security-Policy, sent as a header by SvelteKit with a fresh nonce for its
    // own inline start-up script on every page ('auto'): no other inline or foreign script runs.
    // Styles allow inline: Svelte's style attributes and video.js's player sizing write them. The
    // players play HLS through Media Source Extensions (blob: media URLs) and hls.js parses in a
    // blob: worker; video.js's icon font is a data: URL; the Q&A socket is same-origin ('self').
    // Frames: only YouTube's privacy-enhanced player, where a mirrored video plays until Efir has its file.
    csp: {
      mode: 'auto',
      directives: {
        'default-src': ['self'],
        'script-src': ['self'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'font-src': ['self', 'data:'],
        'media-src': ['self', 'blob:'],
        'worker-src': ['self', 'blob:'],
        'connect-src': ['self'],
        'frame-src': ['https://www.youtube-nocookie.com'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
        'frame-ancestors': ['none']
      }
    }
  }
};
