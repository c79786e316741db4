// Hand-built ISO BMFF boxes for the box reader's tests: the smallest moov and moof that carry the
// fields media/mp4/ reads, laid out as ISO/IEC 14496-12 says.

export function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}
export function u64(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
export function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  return Buffer.concat([u32(8 + body.length), Buffer.from(type, 'latin1'), body]);
}
export function fullBox(type: string, version: number, flags: number, ...payload: Buffer[]): Buffer {
  return box(type, Buffer.from([version, (flags >> 16) & 255, (flags >> 8) & 255, flags & 255]), ...payload);
}

export const SYNC = 0x0200_0000; // depends on no other sample
export const NON_SYNC = 0x0101_0000; // depends on others, sample_is_non_sync_sample

export interface TrackSpec {
  id: number;
  timescale: number;
  handler: 'vide' | 'soun';
  trexDuration?: number;
  trexFlags?: number;
  mdhdVersion?: 0 | 1;
}

export function initSegment(tracks: TrackSpec[]): Buffer {
  const trak = (t: TrackSpec) =>
    box(
      'trak',
      fullBox('tkhd', 0, 3, u32(0), u32(0), u32(t.id), Buffer.alloc(60)),
      box(
        'mdia',
        t.mdhdVersion === 1
          ? fullBox('mdhd', 1, 0, u64(0), u64(0), u32(t.timescale), u64(0), Buffer.alloc(4))
          : fullBox('mdhd', 0, 0, u32(0), u32(0), u32(t.timescale), u32(0), Buffer.alloc(4)),
        fullBox('hdlr', 0, 0, u32(0), Buffer.from(t.handler, 'latin1'), Buffer.alloc(12), Buffer.from('x\0'))
      )
    );
  const mvex = box('mvex', ...tracks.map((t) => fullBox('trex', 0, 0, u32(t.id), u32(1), u32(t.trexDuration ?? 0), u32(0), u32(t.trexFlags ?? 0))));
  return Buffer.concat([box('ftyp', Buffer.from('iso6', 'latin1'), u32(0)), box('moov', fullBox('mvhd', 0, 0, Buffer.alloc(96)), ...tracks.map(trak), mvex)]);
}

export interface TrafSpec {
  id: number;
  tfdt: number;
  tfdtVersion?: 0 | 1;
  /** Per-sample durations, or a count with tfhd's default. */
  durations?: number[];
  count?: number;
  tfhdDuration?: number;
  tfhdFlags?: number;
  firstSampleFlags?: number;
  sampleFlags?: number[];
}

export function fragment(seq: number, trafs: TrafSpec[], mdatBytes = 16): Buffer {
  const traf = (t: TrafSpec) => {
    let tfhdFlags = 0x020000;
    const tfhdFields: Buffer[] = [];
    if (t.tfhdDuration !== undefined) {
      tfhdFlags |= 0x08;
      tfhdFields.push(u32(t.tfhdDuration));
    }
    if (t.tfhdFlags !== undefined) {
      tfhdFlags |= 0x20;
      tfhdFields.push(u32(t.tfhdFlags));
    }
    const count = t.durations?.length ?? t.count ?? 0;
    let trunFlags = 0x001 | 0x200;
    if (t.durations) trunFlags |= 0x100;
    if (t.firstSampleFlags !== undefined) trunFlags |= 0x004;
    if (t.sampleFlags) trunFlags |= 0x400;
    const samples: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      if (t.durations) samples.push(u32(t.durations[i]!));
      samples.push(u32(1));
      if (t.sampleFlags) samples.push(u32(t.sampleFlags[i]!));
    }
    return box(
      'traf',
      fullBox('tfhd', 0, tfhdFlags, u32(t.id), ...tfhdFields),
      t.tfdtVersion === 1 ? fullBox('tfdt', 1, 0, u64(t.tfdt)) : fullBox('tfdt', 0, 0, u32(t.tfdt)),
      fullBox('trun', 0, trunFlags, u32(count), u32(0), ...(t.firstSampleFlags !== undefined ? [u32(t.firstSampleFlags)] : []), ...samples)
    );
  };
  return Buffer.concat([box('moof', fullBox('mfhd', 0, 0, u32(seq)), ...trafs.map(traf)), box('mdat', Buffer.alloc(mdatBytes, seq))]);
}
