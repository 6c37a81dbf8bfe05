import { readFileSync } from 'node:fs';
import type { Database } from '@mana/db';

/**
 * Where the CPU of a simulation went. mana-auth, mana-mcp, the runner (and
 * PGlite) all run in this one Node process, so they share `processSeconds`;
 * a PostgreSQL server on this machine is measured apart from /proc.
 */
export interface CpuSplit {
  /** User + system CPU of this process (all three services, and PGlite when used). */
  processSeconds: number;
  /** CPU of the PostgreSQL backends serving this database, when /proc can see them. */
  postgresSeconds?: number;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds of a process from /proc/<pid>/stat (utime + stime), or undefined where /proc cannot tell. */
export function procCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

async function backendCpu(database: Database): Promise<Map<number, number>> {
  const cpu = new Map<number, number>();
  if (database.kind !== 'postgres') return cpu;
  const rows = await database.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()');
  for (const { pid } of rows) {
    const seconds = procCpuSeconds(Number(pid));
    if (seconds !== undefined) cpu.set(Number(pid), seconds);
  }
  return cpu;
}

/** Starts measuring; `stop()` returns the CPU used since. */
export async function startCpuMeter(database: Database): Promise<{ stop(): Promise<CpuSplit> }> {
  const process0 = process.cpuUsage();
  const backends0 = await backendCpu(database);
  return {
    async stop() {
      const { user, system } = process.cpuUsage(process0);
      const split: CpuSplit = { processSeconds: Math.round((user + system) / 1e4) / 100 };
      if (database.kind === 'postgres') {
        const backends = await backendCpu(database);
        if (backends.size > 0) {
          let seconds = 0;
          for (const [pid, total] of backends) seconds += total - (backends0.get(pid) ?? 0);
          split.postgresSeconds = Math.round(seconds * 100) / 100;
        }
      }
      return split;
    },
  };
}
