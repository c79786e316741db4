/** The benchmarks' command-line options, `--name value`, read the same way by every benchmark. */

/** A positive number; anything else stops the benchmark with the option's name and what it got. */
export function numberOption(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, got ${process.argv[i + 1]}`);
  return n;
}

export function stringOption(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = process.argv[i + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name}: expected a value`);
  return v;
}
