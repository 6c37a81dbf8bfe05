import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms (user + system, from /proc) of a process and all its descendants, children's exited CPU included (cutime/cstime). */
export function treeCpuMs(root: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      const ppid = Number(fields[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
      cpu.set(Number(entry), ((Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) * 1000) / 100);
    } catch {
      /* exited */
    }
  }
  let sum = 0;
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    sum += cpu.get(queue[i]!) ?? 0;
    queue.push(...(children.get(queue[i]!) ?? []));
  }
  return sum;
}
