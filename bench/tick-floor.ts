/**
 * The physical floor of a persona-tick on this machine: what its HTTP requests between processes and its
 * SQL statements cost with nothing of ours or of the frameworks around them, measured with the same
 * client libraries the stack uses (node-postgres, a named statement over TCP; undici's `request` on a
 * keep-alive pool to a bare `node:http` server in another process, a ~1 KB JSON answer).
 *
 *   npx tsx bench/tick-floor.ts [--requests 12] [--statements 26] [--n 20000] [--concurrency 50] [--rounds 3]
 *
 * --requests/--statements: a warm tick's HTTP requests and SQL statements (from `bench/stack-throughput.ts`).
 * Reported per round: client and server (or backend) CPU per request and per statement, from
 * `process.cpuUsage()` and `/proc/<pid>/stat`; then the floor per tick and the medians.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Agent } from 'undici';
import { processCpuMs } from './lib/process-cpu';
import { median } from './lib/stats';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '12' },
    statements: { type: 'string', default: '26' },
    n: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
    server: { type: 'boolean', default: false },
  },
});
const PORT = 4999;
const ANSWER = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: 'x'.repeat(1_000) }] } });

if (args.server) {
  // The bare server: reads the body, answers JSON.
  http
    .createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(ANSWER);
      });
    })
    .listen(PORT, '127.0.0.1', () => process.send?.('up'));
} else {
  const N = Number(args.n);
  const C = Number(args.concurrency);
  const selfCpuMs = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  /** Runs `op` N times, C at a time; CPU of this process and of `others` per op, in µs. */
  const measure = async (op: (i: number) => Promise<unknown>, others: () => Promise<number[]>) => {
    let next = 0;
    const worker = async () => {
      while (next < N) await op(next++);
    };
    await Promise.all(Array.from({ length: C }, worker)); // warm-up: JIT, connections, named statement
    next = 0;
    const pids = await others(); // after the warm-up: every connection is open
    const other0 = pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
    const self0 = selfCpuMs();
    await Promise.all(Array.from({ length: C }, worker));
    const self = ((selfCpuMs() - self0) / N) * 1000;
    const other = ((pids.reduce((sum, pid) => sum + processCpuMs(pid), 0) - other0) / N) * 1000;
    return { self, other };
  };

  const url = process.env.BENCH_PG_URL ?? 'postgres://mana_ci:mana_ci@127.0.0.1:5432/mana_ci';
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  pool.on('error', () => undefined);
  const backends = async () => (await pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')).rows.map((r) => r.pid);
  const server = fork(new URL(import.meta.url).pathname, ['--server'], { execArgv: ['--import', 'tsx'] });
  await new Promise((resolve) => server.once('message', resolve));
  const agent = new Agent({ keepAliveTimeout: 4_000 });
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'todo_list', arguments: { limit: 10 } } });

  console.log(
    `tick floor — ${new Date().toISOString()}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]!.model}), load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`${N} operations per measurement, ${C} at a time; a tick = ${args.requests} requests + ${args.statements} statements`);
  const rows: { statement: number; request: number }[] = [];
  for (let round = 1; round <= Number(args.rounds); round++) {
    const sql = await measure((i) => pool.query({ name: 'floor', text: 'select $1::int as n, now() as at', values: [i] }), backends);
    const req = await measure(
      async () => {
        const answer = await agent.request({ origin: `http://127.0.0.1:${PORT}`, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json' }, body });
        JSON.parse(await answer.body.text());
      },
      async () => [server.pid!],
    );
    const statement = sql.self + sql.other;
    const request = req.self + req.other;
    rows.push({ statement, request });
    console.log(
      `round ${round}: statement ${statement.toFixed(0)} µs (client ${sql.self.toFixed(0)}, backend ${sql.other.toFixed(0)}); ` +
        `request ${request.toFixed(0)} µs (client ${req.self.toFixed(0)}, server ${req.other.toFixed(0)}); load ${os.loadavg()[0]!.toFixed(1)}`,
    );
  }
  const statement = median(rows.map((r) => r.statement));
  const request = median(rows.map((r) => r.request));
  const tick = (Number(args.requests) * request + Number(args.statements) * statement) / 1000;
  console.log(`median: statement ${statement.toFixed(0)} µs, request ${request.toFixed(0)} µs → floor per tick ${tick.toFixed(1)} ms of CPU`);
  server.kill();
  await agent.close();
  await pool.end();
}
