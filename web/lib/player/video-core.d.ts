// video.js without its own HLS/DASH engine (VHS): hls.js plays the streams here, so the core build
// saves the phone about 400 KB of script. Its API is the full build's.
declare module 'video.js/dist/alt/video.core.js' {
  import videojs from 'video.js';
  export default videojs;
}
