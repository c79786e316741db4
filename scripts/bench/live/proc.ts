/** CPU time and memory of processes from /proc (Linux), for bench:live. */
import fs from 'node:fs';

const CLK_TCK = 100; // Linux's USER_HZ on every architecture Debian ships

function stat(pid: number): string[] | null {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime in seconds, or null when the process is gone. */
export function cpuSeconds(pid: number): number | null {
  const f = stat(pid);
  return f ? (Number(f[11]) + Number(f[12])) / CLK_TCK : null;
}

export function ppid(pid: number): number | null {
  const f = stat(pid);
  return f ? Number(f[1]) : null;
}

/** Resident memory (VmRSS) in MiB. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function cmdline(pid: number): string[] {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

export function pids(): number[] {
  return fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}

/** The process and all its descendants alive now. */
export function tree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of pids()) {
    const pp = ppid(p);
    if (pp !== null) children.set(pp, [...(children.get(pp) ?? []), p]);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/**
 * CPU used by a set of processes over a window: per-pid CPU seconds at the start and at the end
 * (a pid seen only at the end counts from 0, one gone by the end counts to its last reading).
 */
export class CpuMeter {
  private first = new Map<number, number>();
  private last = new Map<number, number>();
  private t0 = 0;
  private t1 = 0;
  constructor(private readonly members: () => number[]) {}
  private read(into: Map<number, number>) {
    for (const p of this.members()) {
      const s = cpuSeconds(p);
      if (s !== null) into.set(p, s);
    }
  }
  start() {
    this.t0 = performance.now();
    this.read(this.first);
    this.read(this.last);
  }
  /** Call now and then (a process that exits keeps its last reading) and at the end. */
  sample() {
    this.t1 = performance.now();
    this.read(this.last);
  }
  /** Percent of one core over the window. */
  percent(): number | null {
    const wall = (this.t1 - this.t0) / 1000;
    if (!(wall > 0)) return null;
    let used = 0;
    for (const [p, s] of this.last) used += s - (this.first.get(p) ?? 0);
    return (used / wall) * 100;
  }
}
