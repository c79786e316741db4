/**
 * Seek previews: while a pointer (mouse, finger, pen) moves over the progress bar, the sprite tile of
 * that moment shows above it. The sprite's WebVTT and image are fetched at the first hover, not with
 * the page: most phone viewers never scrub, and their data plan should not pay for it.
 */
import { parseSpriteVtt, tileAt, type SpriteTile } from './sprite-vtt.ts';
import type { VjsPlayer } from './types.ts';

export function attachSeekPreview(player: VjsPlayer, vttUrl: string): () => void {
  const progress = (player as any).getChild('ControlBar')?.getChild('ProgressControl');
  const seekBar = progress?.getChild('SeekBar');
  if (!progress || !seekBar) return () => {};
  const bar: HTMLElement = seekBar.el();
  const area: HTMLElement = progress.el();
  const box = document.createElement('div');
  box.className = 'efir-seek-preview';
  box.setAttribute('aria-hidden', 'true'); // the time tooltip and the slider's value speak; a picture adds nothing
  box.hidden = true;
  bar.appendChild(box);

  let tiles: SpriteTile[] | null = null;
  let loading: Promise<void> | null = null;
  const load = () =>
    (loading ??= fetch(vttUrl)
      .then((r) => (r.ok ? r.text() : ''))
      .then((text) => {
        tiles = parseSpriteVtt(text, new URL(vttUrl, location.href).href);
      })
      .catch(() => {
        tiles = [];
      }));

  const show = (e: PointerEvent) => {
    void load();
    const duration = player.duration();
    if (!tiles?.length || !duration || !Number.isFinite(duration)) return void (box.hidden = true);
    const rect = bar.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
    const tile = tileAt(tiles, fraction * duration);
    if (!tile) return void (box.hidden = true);
    box.style.width = `${tile.w}px`;
    box.style.height = `${tile.h}px`;
    box.style.backgroundImage = `url("${tile.url}")`;
    box.style.backgroundPosition = `-${tile.x}px -${tile.y}px`;
    box.style.left = `${Math.min(rect.width - tile.w, Math.max(0, fraction * rect.width - tile.w / 2))}px`;
    box.hidden = false;
  };
  const hide = () => (box.hidden = true);
  area.addEventListener('pointermove', show);
  area.addEventListener('pointerdown', show);
  area.addEventListener('pointerleave', hide);
  area.addEventListener('pointerup', hide);
  area.addEventListener('pointercancel', hide);
  return () => {
    area.removeEventListener('pointermove', show);
    area.removeEventListener('pointerdown', show);
    area.removeEventListener('pointerleave', hide);
    area.removeEventListener('pointerup', hide);
    area.removeEventListener('pointercancel', hide);
    box.remove();
  };
}
