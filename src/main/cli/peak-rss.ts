import { existsSync, readFileSync } from 'node:fs';

const procStatus = '/proc/self/status';

/**
 * This process's peak resident set size in bytes, for the `--stats` lines the benchmarks read.
 *
 * Why not `process.resourceUsage().maxRSS` alone: on Linux, getrusage's ru_maxrss also keeps the
 * high-water mark of the address space replaced at exec, and a spawned child starts as a fork
 * of its parent. A CLI started by a large process (the bench runner, an IDE) therefore reports
 * at least the parent's RSS at spawn time, whatever it uses itself: the import benchmark showed
 * 341 MB in all five runs while the import peaked at 215-290 MB. VmHWM in /proc/self/status is
 * the high-water mark of this program's own address space (reset by exec), threads included.
 * Elsewhere there is no such fork-then-exec inheritance, and ru_maxrss is what we have.
 */
export function peakRssBytes(): number {
  if (process.platform === 'linux' && existsSync(procStatus)) {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(procStatus, 'utf8'));
    if (match?.[1] !== undefined) return Number(match[1]) * 1024;
  }
  return process.resourceUsage().maxRSS * 1024;
}
