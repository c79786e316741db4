/**
 * The viewer's time zone, known only in the browser and only after hydration: pages print times in
 * Moscow time with a zone note (web/lib/format.ts zoneNote), identical on the server and in the
 * first render in the browser; once mounted, the note goes away for viewers whose clock is Moscow's.
 */
export const viewer = $state<{ zone: string | null }>({ zone: null });

/** Called once the root layout is mounted (never during the server render or hydration). */
export function learnViewerZone(): void {
  try {
    viewer.zone = Intl.DateTimeFormat().resolvedOptions().timeZone || null;
  } catch {
    viewer.zone = null;
  }
}
