/** What the benchmarks read about other processes from Linux's /proc, parsed once. */
import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux. */
export const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcStat {
  ppid: number;
  /** CPU of the process itself, user and system (ms). */
  userMs: number;
  systemMs: number;
  /** CPU of its exited, waited-for children, user + system (ms). */
  childrenMs: number;
}

/** The fields of `/proc/<pid>/stat` the benchmarks use; undefined when the process has ended. */
export function procStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces and ')': the fields after it start at the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const ms = (field: string | undefined) => (Number(field) * 1000) / CLOCK_TICKS_PER_SECOND;
  return { ppid: Number(fields[1]), userMs: ms(fields[11]), systemMs: ms(fields[12]), childrenMs: ms(fields[13]) + ms(fields[14]) };
}

/** CPU ms (user + system) of one running process, its children not included; throws when it has ended. */
export function processCpuMs(pid: number): number {
  const stat = procStat(pid);
  if (!stat) throw new Error(`process ${pid} has ended`);
  return stat.userMs + stat.systemMs;
}

/** `root` and every process below it, parents before children. */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!) ?? []));
  return out;
}

/** CPU ms (user + system) of a process and all its descendants, children's exited CPU included (cutime/cstime). */
export function treeCpuMs(root: number): number {
  let sum = 0;
  for (const pid of descendants(root)) {
    const stat = procStat(pid);
    if (stat) sum += stat.userMs + stat.systemMs + stat.childrenMs;
  }
  return sum;
}
