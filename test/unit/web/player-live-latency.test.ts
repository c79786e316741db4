/**
 * hls-wiring.ts: the live distance from the edge is set from the first media playlist, before hls.js
 * picks its first fragment, and only once (a later playlist must not undo the stall increases).
 */
import { describe, expect, it } from 'vitest';
import { wireHls } from '../../../web/lib/player/hls-wiring.ts';
import { LIVE_SYNC_SECONDS } from '../../../web/lib/player/hls-config.ts';

const Events = { MANIFEST_PARSED: 'mp', LEVEL_SWITCHED: 'ls', ERROR: 'err', LEVEL_LOADED: 'll' };

class FakeHls {
  static Events = Events;
  static ErrorTypes = { MEDIA_ERROR: 'media', NETWORK_ERROR: 'net' };
  handlers = new Map<string, ((e: string, d: any) => void)[]>();
  levels: unknown[] = [];
  targetLatency: number | null = LIVE_SYNC_SECONDS;
  sets = 0;
  on(e: string, cb: (e: string, d: any) => void) {
    this.handlers.set(e, [...(this.handlers.get(e) ?? []), cb]);
  }
  emit(e: string, d: unknown) {
    for (const cb of this.handlers.get(e) ?? []) cb(e, d);
  }
}

function wired() {
  const hls = new FakeHls();
  let value = hls.targetLatency;
  Object.defineProperty(hls, 'targetLatency', {
    get: () => value,
    set: (v: number) => {
      value = v;
      hls.sets++;
    }
  });
  const w = wireHls(FakeHls as never, { isPhone: false, saver: false, labels: { quality: 'q', auto: 'a' }, onFatal: () => true });
  w.onCreate(hls as never);
  return hls;
}

describe('the live distance from the edge', () => {
  it('an LL playlist: its PART-HOLD-BACK, set once', () => {
    const hls = wired();
    hls.emit(Events.LEVEL_LOADED, { details: { live: true, partTarget: 0.342, partHoldBack: 1.026 } });
    expect(hls.targetLatency).toBe(1.026);
    hls.emit(Events.LEVEL_LOADED, { details: { live: true, partTarget: 0.342, partHoldBack: 2 } });
    expect(hls.targetLatency).toBe(1.026);
    expect(hls.sets).toBe(1);
  });
  it('an MPEG-TS playlist keeps LIVE_SYNC_SECONDS (nothing to set); on demand, nothing at all', () => {
    const ts = wired();
    ts.emit(Events.LEVEL_LOADED, { details: { live: true, partTarget: 0, partHoldBack: 0 } });
    expect(ts.targetLatency).toBe(LIVE_SYNC_SECONDS);
    expect(ts.sets).toBe(0);
    const vod = wired();
    vod.emit(Events.LEVEL_LOADED, { details: { live: false, partTarget: 0.3, partHoldBack: 1 } });
    expect(vod.sets).toBe(0);
  });
});
