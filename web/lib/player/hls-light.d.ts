// hls.js's light build (no subtitle, alternate-audio, EME or CMCD code: about 220 KB less script for
// the phone). Subtitles are video.js's job here, so nothing is lost. Same API as the full build.
declare module 'hls.js/light' {
  import Hls from 'hls.js';
  export default Hls;
  export * from 'hls.js';
}
