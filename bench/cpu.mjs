// Server CPU time from /proc: what a server process and its descendants
// have spent, so the benchmark can report CPU per operation next to
// throughput. On a shared, noisy machine the rate moves with the
// neighbours; the CPU an operation costs moves far less.
import { readdirSync, readFileSync } from 'node:fs';

const kTickMs = 10; // USER_HZ is 100 on Linux

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * kTickMs };
  } catch {
    return null; // gone
  }
}

const pids = () => readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);

/** The CPU milliseconds `root` and every process under it have used so far; null off Linux. */
export function treeCpuMs(root) {
  if (!root) return null;
  try {
    const children = new Map();
    const stats = new Map();
    for (const pid of pids()) {
      const s = stat(pid);
      if (!s) continue;
      stats.set(pid, s);
      children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
    }
    let total = 0;
    for (const queue = [root]; queue.length;) {
      const pid = queue.pop();
      total += stats.get(pid)?.cpuMs ?? 0;
      queue.push(...(children.get(pid) ?? []));
    }
    return total;
  } catch {
    return null;
  }
}

/** The oldest process whose command line contains `marker` (a server's private directory). */
export function processWith(marker) {
  for (const pid of pids().sort((a, b) => a - b)) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) return pid;
    } catch {
      // gone
    }
  }
  return null;
}
