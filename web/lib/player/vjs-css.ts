/**
 * video.js's stylesheet (46 KB), added to the page when a player starts. Imported as a URL rather
 * than as CSS: SvelteKit links the CSS of a page's dynamic imports in its HTML from the start, so a
 * plain `import '…css'` in vod-engine.ts would load it with the poster, before any Play.
 */
import href from 'video.js/dist/video-js.css?url';

let loading: Promise<void> | null = null;

export function loadVideojsCss(): Promise<void> {
  return (loading ??= new Promise<void>((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = href;
    // Unstyled controls for a moment are better than none: a failed load plays on.
    link.onload = link.onerror = () => resolve();
    // First in <head>: Efir's player rules (player-box.css) come after it and win ties.
    document.head.prepend(link);
  }));
}
