/**
 * Accessibility checks the browser tests run on each page they already have open (no page load of
 * their own): axe-core's rules, failing on serious and critical violations, in the light theme and
 * (colour contrast only) in the dark one; touch targets of at least 44 × 44 px (links inside a
 * sentence excepted); and a heading outline that starts at h1 and never skips a level.
 *
 * Targets are measured here rather than with axe's target-size rule: that rule passes a small target
 * with empty space around it (WCAG 2.5.8's spacing exception), so the 22 px "← All videos" link
 * passed it; the project's rule is the target itself.
 *
 * axe is evaluated through the DevTools protocol (page.evaluate), which the pages'
 * Content-Security-Policy does not apply to: no script tag, no CSP exception.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);
/** The project's rule (docs/architecture.md: phone first), stricter than WCAG 2.5.8's 24 px. */
export const MIN_TARGET_PX = 44;

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * `what` names the page in the failure message. Checked at a phone's 390 × 844 px (the page's own
 * size is put back after). Throws with every finding at once.
 */
export async function expectAccessible(page: Page, what: string, opts: { skipTargets?: string[] } = {}): Promise<void> {
  const faults: string[] = [];
  const size = page.viewportSize();
  if (size?.width !== 390) await page.setViewportSize({ width: 390, height: 844 });
  try {
    await check(page, faults, opts.skipTargets ?? []);
  } finally {
    if (size && size.width !== 390) await page.setViewportSize(size);
  }
  if (faults.length) throw new Error(`${what}: accessibility faults\n  ${faults.join('\n  ')}`);
}

async function check(page: Page, faults: string[], skipTargets: string[]): Promise<void> {
  await page.evaluate(`${AXE_SOURCE}\n;undefined`);

  const run = (options: object) =>
    page.evaluate(
      async (options) => {
        const axe = (window as unknown as { axe: any }).axe;
        const r = await axe.run(document, { ...options, resultTypes: ['violations'] });
        return r.violations.map((v: any) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 4).map((n: any) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1, 2).join('').trim()}`)
        })) as Finding[];
      },
      options
    );
  const report = (theme: string, found: Finding[]) => {
    for (const v of found.filter((f) => BLOCKING.has(f.impact ?? ''))) faults.push(`[${theme}] ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`);
  };

  report('light', await run({}));

  // The dark theme: what the page would look like with data-theme="dark" (the header toggle).
  const before = await page.evaluate(() => document.documentElement.dataset.theme ?? '');
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  report('dark', await run({ runOnly: ['color-contrast'] }));
  await page.evaluate((t) => (document.documentElement.dataset.theme = t), before);

  faults.push(...(await headingFaults(page)));
  faults.push(...(await smallTargets(page, skipTargets)));
}

/** The outline: the first heading is an h1, and each heading is at most one level below the previous. */
export async function headingFaults(page: Page): Promise<string[]> {
  const levels = await page.evaluate(() =>
    Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
      .filter((h) => (h as HTMLElement).getClientRects().length > 0 || h.closest('.visually-hidden'))
      .map((h) => ({ level: Number(h.tagName[1]), text: (h.textContent ?? '').trim().slice(0, 40) }))
  );
  const faults: string[] = [];
  if (levels.length && levels[0]!.level !== 1) faults.push(`headings: the first is h${levels[0]!.level} "${levels[0]!.text}", not h1`);
  for (let i = 1; i < levels.length; i++) {
    const [a, b] = [levels[i - 1]!, levels[i]!];
    if (b.level > a.level + 1) faults.push(`headings: h${a.level} "${a.text}" is followed by h${b.level} "${b.text}"`);
  }
  if (levels.filter((l) => l.level === 1).length !== 1) faults.push(`headings: ${levels.filter((l) => l.level === 1).length} h1 elements, not one`);
  return faults;
}

/**
 * Links, buttons, selects, inputs and summaries smaller than 44 × 44 px, as laid out now. Left out:
 * what is not rendered or sits off screen (the skip link until focused), a link inside a sentence,
 * the video.js controls (the player sizes those: web/lib/player) and `skip` selectors; a checkbox, a
 * radio or a visually hidden file input counts as its label, which is what a thumb hits.
 */
export async function smallTargets(page: Page, skip: string[] = []): Promise<string[]> {
  const small = await page.evaluate(
    ([min, skip]) => {
      const out: string[] = [];
      const sel = 'a[href], button, select, input:not([type=hidden]), textarea, summary, [role=button]';
      for (const el of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
        if (el.closest('.video-js') || skip.some((s) => el.closest(s))) continue;
        let target: HTMLElement = el;
        const hidden = el.getBoundingClientRect().width <= 1;
        if (el instanceof HTMLInputElement && (hidden || el.type === 'checkbox' || el.type === 'radio')) target = el.closest('label') ?? el.labels?.[0] ?? el;
        const r = target.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || r.bottom < 0 || r.right < 0 || getComputedStyle(target).visibility === 'hidden') continue;
        if (getComputedStyle(el).display === 'inline' && el.tagName === 'A') {
          // Inside a sentence: the block around it has words of its own.
          let block = el.parentElement;
          while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
          const words = Array.from(block?.childNodes ?? [])
            .filter((n) => !(n instanceof HTMLElement && n.matches('a, button')))
            .map((n) => n.textContent ?? '')
            .join('')
            .replace(/[\s←→·|,.]/g, '');
          if (words.length > 0) continue;
        }
        if (r.height < min - 0.5 || r.width < min - 0.5) {
          const name = (target.getAttribute('aria-label') ?? target.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
          const where = target.id ? `#${target.id}` : `${target.tagName.toLowerCase()}${target.className && typeof target.className === 'string' ? '.' + target.className.trim().split(/\s+/)[0] : ''}`;
          out.push(`target ${where} "${name}" is ${Math.round(r.width)}×${Math.round(r.height)} px`);
        }
      }
      return out;
    },
    [MIN_TARGET_PX, skip] as const
  );
  return small;
}
