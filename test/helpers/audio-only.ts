/**
 * Checks of the audio-only rendition (listen only) shared by the pipeline and live tests: what
 * ffprobe finds in a media playlist or a segment, and the seconds of sound it really holds.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  profile?: string;
  channels?: number;
  sample_rate?: string;
}

/**
 * Every stream ffprobe finds in `file` (a playlist or a segment), and the seconds of sound it holds:
 * AAC frames read (1024 samples each) over the sample rate, not what #EXTINF claims.
 */
export async function probeAudioOnly(file: string): Promise<{ streams: ProbedStream[]; seconds: number }> {
  const { stdout } = await promisify(execFile)('ffprobe', [
    '-v', 'error', '-count_packets',
    '-show_entries', 'stream=codec_type,codec_name,profile,channels,sample_rate,nb_read_packets',
    '-of', 'json', file
  ]);
  const streams = (JSON.parse(stdout).streams ?? []) as (ProbedStream & { nb_read_packets?: string })[];
  const audio = streams.find((s) => s.codec_type === 'audio');
  const seconds = audio ? (Number(audio.nb_read_packets) * 1024) / Number(audio.sample_rate) : 0;
  return { streams: streams.map(({ nb_read_packets: _, ...s }) => s), seconds };
}

/** What the audio-only rendition must be: one mono AAC-LC stream at 48 kHz, no picture. */
export const AUDIO_ONLY_STREAMS: ProbedStream[] = [{ codec_type: 'audio', codec_name: 'aac', profile: 'LC', channels: 1, sample_rate: '48000' }];
