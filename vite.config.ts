import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [sveltekit()],
  ssr: {
    // SvelteKit's runtime needs cookie@0.6 (its own nested copy); left external, the built server
    // would resolve the top-level cookie@2 that @fastify/cookie brings, which has no `parse` export.
    // Bundling it resolves the import from Kit's own folder.
    noExternal: ['cookie']
  }
});
