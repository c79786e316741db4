/** Runs ffmpeg once and measures it: wall time, CPU time and peak memory (shared by the media benchmarks). */
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface Measured {
  wallSeconds: number;
  cpuSeconds: number;
  peakRssMiB: number;
}

const CLK_TCK = 100; // Linux's USER_HZ on every architecture Debian ships

/**
 * Runs ffmpeg, polling /proc for its CPU time and peak resident memory (VmHWM) while it runs; also
 * resolves with its stderr (the variants benchmark checks libass's font choices in it).
 */
export function measure(ffmpeg: string, args: string[]): Promise<Measured & { stderr: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let cpuTicks = 0;
    let peakKiB = 0;
    const poll = () => {
      try {
        const stat = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        cpuTicks = Number(fields[11]) + Number(fields[12]); // utime + stime
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      } catch {
        /* exited between polls */
      }
    };
    const timer = setInterval(poll, 100);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim().split('\n').slice(-5).join('\n')}`));
      resolve({
        wallSeconds: Number(process.hrtime.bigint() - started) / 1e9,
        cpuSeconds: cpuTicks / CLK_TCK,
        peakRssMiB: Math.round(peakKiB / 1024),
        stderr
      });
    });
  });
}
