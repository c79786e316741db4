// Vite's `?url` import of video.js's stylesheet (vjs-css.ts): its URL in the build.
declare module 'video.js/dist/video-js.css?url' {
  const href: string;
  export default href;
}
