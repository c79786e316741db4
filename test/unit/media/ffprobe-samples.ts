// ffprobe -print_format json -show_format -show_streams output recorded from Debian's ffmpeg 5.1
// (trimmed of fields the interpreter does not read). Samples are functions so tests can mutate
// their copy.

/** A 1080p H.264 + AAC phone-style MP4. */
export const mp4VideoAudio = () => ({
  streams: [
    {
      index: 0,
      codec_name: 'h264',
      profile: 'High',
      codec_type: 'video',
      width: 1920,
      height: 1080,
      coded_width: 1920,
      coded_height: 1088,
      has_b_frames: 2,
      sample_aspect_ratio: '1:1',
      display_aspect_ratio: '16:9',
      pix_fmt: 'yuv420p',
      level: 40,
      r_frame_rate: '30000/1001',
      avg_frame_rate: '30000/1001',
      time_base: '1/30000',
      start_time: '0.000000',
      duration: '62.562500',
      bit_rate: '4012345',
      nb_frames: '1875',
      disposition: { default: 1, attached_pic: 0 },
      tags: { language: 'und', handler_name: 'VideoHandler', vendor_id: '[0][0][0][0]' }
    },
    {
      index: 1,
      codec_name: 'aac',
      profile: 'LC',
      codec_type: 'audio',
      sample_fmt: 'fltp',
      sample_rate: '48000',
      channels: 2,
      channel_layout: 'stereo',
      r_frame_rate: '0/0',
      avg_frame_rate: '0/0',
      duration: '62.570667',
      bit_rate: '128000',
      disposition: { default: 1, attached_pic: 0 },
      tags: { language: 'und', handler_name: 'SoundHandler' }
    }
  ],
  format: {
    filename: 'clip.mp4',
    nb_streams: 2,
    format_name: 'mov,mp4,m4a,3gp,3g2,mj2',
    format_long_name: 'QuickTime / MOV',
    start_time: '0.000000',
    duration: '62.570667',
    size: '32415876',
    bit_rate: '4144529',
    probe_score: 100
  }
});

/** An upright iPhone portrait clip: coded landscape, display matrix rotation -90. */
export const iphonePortrait = () => ({
  streams: [
    {
      index: 0,
      codec_name: 'hevc',
      profile: 'Main',
      codec_type: 'video',
      width: 1920,
      height: 1080,
      sample_aspect_ratio: '1:1',
      pix_fmt: 'yuv420p',
      level: 123,
      r_frame_rate: '30/1',
      avg_frame_rate: '1800/61',
      duration: '12.200000',
      bit_rate: '8123456',
      disposition: { default: 1, attached_pic: 0 },
      side_data_list: [
        {
          side_data_type: 'Display Matrix',
          displaymatrix:
            '\n00000000:            0       65536           0\n00000001:       -65536           0           0\n00000002:            0           0  1073741824\n',
          rotation: -90
        }
      ]
    },
    {
      index: 1,
      codec_name: 'aac',
      codec_type: 'audio',
      sample_rate: '44100',
      channels: 1,
      bit_rate: '97000'
    }
  ],
  format: {
    filename: 'IMG_0042.MOV',
    format_name: 'mov,mp4,m4a,3gp,3g2,mj2',
    duration: '12.200000',
    size: '12530000',
    bit_rate: '8216393'
  }
});

/** What fluent-ffmpeg's own parser returns (numbers parsed, side data flattened) for a rotated clip. */
export const fluentShapedRotated = () => ({
  streams: [
    {
      index: 0,
      codec_name: 'h264',
      profile: 'Constrained Baseline',
      codec_type: 'video',
      width: 320,
      height: 180,
      sample_aspect_ratio: '1:1',
      pix_fmt: 'yuv420p',
      level: 13,
      r_frame_rate: '30000/1001',
      avg_frame_rate: '30000/1001',
      duration: 2.002,
      bit_rate: 708675,
      side_data_type: 'Display Matrix',
      rotation: 90,
      tags: { language: 'und', handler_name: 'VideoHandler' },
      disposition: { default: 1, attached_pic: 0 }
    },
    {
      index: 1,
      codec_name: 'aac',
      profile: 'LC',
      codec_type: 'audio',
      sample_rate: 44100,
      channels: 1,
      duration: 2,
      bit_rate: 69671,
      disposition: { default: 1, attached_pic: 0 }
    }
  ],
  format: { filename: '/tmp/rot.mp4', format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: 2.002, size: 198089, bit_rate: 791564 },
  chapters: []
});

export const mp3AudioOnly = () => ({
  streams: [
    {
      index: 0,
      codec_name: 'mp3',
      codec_type: 'audio',
      sample_fmt: 'fltp',
      sample_rate: '44100',
      channels: 1,
      channel_layout: 'mono',
      r_frame_rate: '0/0',
      avg_frame_rate: '0/0',
      start_time: '0.025057',
      duration: '2.037551',
      bit_rate: '64000'
    }
  ],
  format: {
    filename: 'song.mp3',
    nb_streams: 1,
    format_name: 'mp3',
    format_long_name: 'MP2/3 (MPEG audio layer 2/3)',
    start_time: '0.025057',
    duration: '2.037551',
    size: '16527',
    bit_rate: '64889',
    probe_score: 51
  }
});

/** An MP3 with cover art: the JPEG shows up as an attached_pic "video" stream. */
export const mp3WithCoverArt = () => {
  const sample = mp3AudioOnly();
  return {
    ...sample,
    streams: [
      ...sample.streams,
      {
        index: 1,
        codec_name: 'mjpeg',
        profile: 'Baseline',
        codec_type: 'video',
        width: 600,
        height: 600,
        pix_fmt: 'yuvj420p',
        level: -99,
        r_frame_rate: '90000/1',
        avg_frame_rate: '0/0',
        duration: '2.037556',
        disposition: { default: 0, attached_pic: 1 },
        tags: { comment: 'Cover (front)' }
      }
    ]
  };
};

export const pngImage = () => ({
  streams: [
    {
      index: 0,
      codec_name: 'png',
      codec_type: 'video',
      width: 64,
      height: 48,
      sample_aspect_ratio: '1:1',
      pix_fmt: 'rgb24',
      level: -99,
      r_frame_rate: '25/1',
      avg_frame_rate: '25/1',
      time_base: '1/25'
    }
  ],
  format: {
    filename: 'img.png',
    nb_streams: 1,
    format_name: 'png_pipe',
    format_long_name: 'piped png sequence',
    size: '554',
    probe_score: 99
  }
});

/** A photo opened through the image2 demuxer (e.g. a .bmp or a numbered image sequence). */
export const image2Jpeg = () => ({
  streams: [{ index: 0, codec_name: 'mjpeg', codec_type: 'video', width: 4032, height: 3024, pix_fmt: 'yuvj420p', r_frame_rate: '25/1', avg_frame_rate: '25/1', duration: '0.040000' }],
  format: { filename: 'IMG_1.jpg', format_name: 'image2', duration: '0.040000', size: '2345678' }
});

/** An MP4 whose video track holds no samples (a recording that was stopped at once). */
export const zeroDuration = () => {
  const sample = mp4VideoAudio();
  const [video, audio] = sample.streams as Record<string, unknown>[];
  Object.assign(video, { duration: '0.000000', nb_frames: '0', bit_rate: 'N/A' });
  Object.assign(audio, { duration: '0.000000' });
  Object.assign(sample.format, { duration: '0.000000', bit_rate: 'N/A' });
  return sample;
};

/** What ffmpeg 5.1 writes for `-t 0`: a valid MP4 with no streams at all. */
export const noStreams = () => ({
  streams: [],
  format: { filename: 'z.mp4', nb_streams: 0, format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '0.000000', size: '262', probe_score: 100 }
});
