// A small ISO BMFF (MP4) box reader: just what Low-Latency HLS packaging needs from the fragmented
// MP4 ffmpeg writes (media/llhls/): where boxes start and end, and a few fields of moov and moof.
// Pure: bytes in, plain data out; no ffmpeg. Layouts are ISO/IEC 14496-12's (2015): section numbers
// are given beside each reader.

/** One box: its four-character type and where it lies in the buffer it was read from. */
export interface Box {
  type: string;
  /** Offset of the box's first byte (its size field). */
  start: number;
  /** Offset just past the box. */
  end: number;
  /** Offset of the payload (after size, type and any 64-bit size). */
  body: number;
}

export class Mp4FormatError extends Error {
  override name = 'Mp4FormatError';
}

/**
 * The box starting at `offset`, or null while the buffer does not yet hold all of it (a stream
 * read from a pipe arrives in pieces). A size of 0 ("to the end of the file") cannot be split from
 * a live stream and is refused, as is a size smaller than its own header.
 */
export function readBox(buf: Uint8Array, offset: number): Box | null {
  if (buf.length - offset < 8) return null;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let size = view.getUint32(offset);
  const type = String.fromCharCode(buf[offset + 4]!, buf[offset + 5]!, buf[offset + 6]!, buf[offset + 7]!);
  let header = 8;
  if (size === 1) {
    if (buf.length - offset < 16) return null;
    const big = view.getBigUint64(offset + 8);
    if (big > BigInt(Number.MAX_SAFE_INTEGER)) throw new Mp4FormatError(`box ${type} is too large`);
    size = Number(big);
    header = 16;
  } else if (size === 0) {
    throw new Mp4FormatError(`box ${type} runs to the end of the stream: not a fragmented MP4 stream`);
  }
  if (size < header) throw new Mp4FormatError(`box ${type} has a bad size ${size}`);
  if (buf.length - offset < size) return null;
  return { type, start: offset, end: offset + size, body: offset + header };
}

/** The boxes directly inside [from, to) (a whole buffer, or a container box's body). */
export function childBoxes(buf: Uint8Array, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  let at = from;
  while (at < to) {
    const box = readBox(buf.subarray(0, to), at);
    if (!box) throw new Mp4FormatError(`truncated box at ${at}`);
    boxes.push(box);
    at = box.end;
  }
  return boxes;
}

/** The first box of this type inside a container, or undefined. */
export function findChild(buf: Uint8Array, parent: Box, type: string): Box | undefined {
  return childBoxes(buf, parent.body, parent.end).find((b) => b.type === type);
}

/** Every box of this type inside a container. */
export function findChildren(buf: Uint8Array, parent: Box, type: string): Box[] {
  return childBoxes(buf, parent.body, parent.end).filter((b) => b.type === type);
}

/** A cursor over a box's payload, big-endian as every MP4 field. */
export class Reader {
  private readonly view: DataView;
  constructor(
    buf: Uint8Array,
    public at: number,
    private readonly end: number
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  private need(n: number, what: string): void {
    if (this.at + n > this.end) throw new Mp4FormatError(`box too short for its ${what}`);
  }
  u8(what = 'field'): number {
    this.need(1, what);
    return this.view.getUint8(this.at++);
  }
  u24(what = 'field'): number {
    this.need(3, what);
    const v = (this.view.getUint8(this.at) << 16) | this.view.getUint16(this.at + 1);
    this.at += 3;
    return v;
  }
  u32(what = 'field'): number {
    this.need(4, what);
    const v = this.view.getUint32(this.at);
    this.at += 4;
    return v;
  }
  i32(what = 'field'): number {
    this.need(4, what);
    const v = this.view.getInt32(this.at);
    this.at += 4;
    return v;
  }
  u64(what = 'field'): number {
    this.need(8, what);
    const v = this.view.getBigUint64(this.at);
    this.at += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new Mp4FormatError(`${what} is too large`);
    return Number(v);
  }
  skip(n: number, what = 'field'): void {
    this.need(n, what);
    this.at += n;
  }
  /** The version byte and 24 flag bits of a "full box" (4.2). */
  fullBox(): { version: number; flags: number } {
    const version = this.u8('version');
    return { version, flags: this.u24('flags') };
  }
  fourcc(what = 'type'): string {
    this.need(4, what);
    const s = String.fromCharCode(this.view.getUint8(this.at), this.view.getUint8(this.at + 1), this.view.getUint8(this.at + 2), this.view.getUint8(this.at + 3));
    this.at += 4;
    return s;
  }
}
