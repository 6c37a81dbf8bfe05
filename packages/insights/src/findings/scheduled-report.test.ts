import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findingsWebhook, type FindingsWebhook } from '@mana/contracts';
import { counterValue, createLogger, Registry } from '@mana/core';
import { createTestDatabase, type TestDatabase } from '@mana/db/testing';
import { manaRegistry } from '@mana/tools';
import { todoNotesDay, writeTestHistory } from '../testing/test-history';
import { listFindings } from './list-findings';
import { createReportMetrics } from './report-metrics';
import { runScheduledReport, type ScheduledReportDeps } from './scheduled-report';
import { startReportSchedule } from './report-schedule';

/** A local webhook sink: answers with the queued statuses (then 200) and keeps every body. */
class Sink {
  readonly bodies: FindingsWebhook[] = [];
  readonly statuses: number[] = [];
  private server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const status = this.statuses.shift() ?? 200;
      if (status === 200) this.bodies.push(findingsWebhook.parse(JSON.parse(raw)));
      res.writeHead(status).end();
    });
  });
  hits = 0;
  async start(): Promise<string> {
    this.server.on('request', () => this.hits++);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  close = () => new Promise<void>((resolve) => this.server.close(() => resolve()));
}

const until = new Date('2026-03-15T00:00:00Z');
let clock = until;
let database: TestDatabase;
let sink: Sink;
let url: string;
const registry = new Registry();
const metrics = createReportMetrics(registry);

const deps = (over: Partial<ScheduledReportDeps> = {}): ScheduledReportDeps => ({
  database,
  now: () => clock,
  log: createLogger('report-test', { level: 'error' }),
  metrics,
  owner: 'test',
  period: '7d',
  webhook: { url, backoffMs: 10 },
  ...over,
});
const day = (n: number) => new Date(until.getTime() + n * 86_400_000 + 7 * 3_600_000);

beforeAll(async () => {
  database = await createTestDatabase();
  sink = new Sink();
  url = await sink.start();
  // todo_complete fails 35 % of calls from day 8 of 14 (through the real persona verbs).
  await writeTestHistory({ database, registry: manaRegistry, now: () => clock }, (at) => (clock = at), {
    days: 14,
    personas: 8,
    until,
    seed: 7,
    day: ({ day: d, random }) => todoNotesDay(random, { failShare: d >= 8 ? 0.35 : 0.02 }),
  });
}, 600_000);
afterAll(async () => {
  await sink?.close();
  await database?.close();
});
beforeEach(async () => {
  clock = until;
  sink.bodies.length = 0;
  sink.statuses.length = 0;
  await database.query('delete from findings');
  await database.query('delete from report_runs');
});

describe('scheduled report and findings webhook', { timeout: 300_000 }, () => {
  it('announces new findings once; the next run keeps them open without repeating them; a resolved one is said once', async () => {
    clock = day(0);
    expect(await runScheduledReport(deps(), day(0))).toMatchObject({ status: 'ran', opened: 2, resolved: 0, delivery: 'delivered' });
    expect(sink.bodies).toHaveLength(1);
    const [first] = sink.bodies;
    expect(first.opened.map((a) => a.key).sort()).toEqual(['module:todo:rating', 'tool:todo_complete:errorRate']);
    expect(first.resolved).toEqual([]);
    expect(first.text).toMatch(/^Mana Personas: 2 new findings, 0 resolved/);
    expect(first.text).toContain('Tool todo_complete (todo) failed');
    const open = (await listFindings({ database }, { status: 'open', limit: 10 })).findings;
    expect(open).toHaveLength(2);
    expect(open.every((f) => f.announcedStatus === 'open' && f.firstSeenAt === day(0).toISOString())).toBe(true);

    clock = new Date(day(0).getTime() + 3_600_000);
    expect(await runScheduledReport(deps(), day(1))).toMatchObject({ status: 'ran', opened: 0, resolved: 0, delivery: 'none' });
    expect(sink.bodies).toHaveLength(1);
    const still = (await listFindings({ database }, { status: 'open', limit: 10 })).findings;
    expect(still.map((f) => [f.firstSeenAt, f.lastSeenAt])).toEqual(still.map(() => [day(0).toISOString(), clock.toISOString()]));

    // Three weeks on, no data in the period: nothing is anomalous any more.
    clock = day(21);
    expect(await runScheduledReport(deps(), day(21))).toMatchObject({ status: 'ran', opened: 0, resolved: 2, delivery: 'delivered' });
    expect(sink.bodies[1]!.resolved.map((a) => a.key).sort()).toEqual(['module:todo:rating', 'tool:todo_complete:errorRate']);
    expect(sink.bodies[1]!.text).toMatch(/0 new findings, 2 resolved/);
    clock = day(22);
    expect(await runScheduledReport(deps(), day(22))).toMatchObject({ delivery: 'none' });
    expect(sink.bodies).toHaveLength(2);
    expect((await listFindings({ database }, { status: 'resolved', limit: 10 })).findings.map((f) => f.resolvedAt)).toEqual([day(21).toISOString(), day(21).toISOString()]);
  });

  it('announces a simulator change first and once, as a notice beside the findings, never as one', async () => {
    const other = await createTestDatabase();
    try {
      let at = until;
      await writeTestHistory({ database: other, registry: manaRegistry, now: () => at }, (next) => (at = next), {
        days: 14,
        personas: 8,
        until,
        seed: 9,
        day: ({ random }) => todoNotesDay(random, {}),
        driver: (d) => (d >= 8 ? 'test-next' : 'test'),
      });
      const run = (slot: Date) => runScheduledReport(deps({ database: other, now: () => until }), slot);
      expect(await run(day(0))).toMatchObject({ status: 'ran', anomalies: 0, opened: 1, delivery: 'delivered' });
      const body = sink.bodies.at(-1)!;
      expect(body.notice).toMatch(/^The simulator changed on 2026-03-08: driver test → test-next\./);
      expect(body.text).toMatch(/^Simulator changed: The simulator changed on 2026-03-08/);
      expect(body.text).toContain('\nMana Personas: 0 new findings, 0 resolved');
      expect(body.opened.map((a) => a.kind)).toEqual(['simulator']);
      expect(await run(day(1))).toMatchObject({ status: 'ran', opened: 0, delivery: 'none' });
    } finally {
      await other.close();
    }
  });

  it('retries after a 500 and delivers once', async () => {
    sink.statuses.push(500);
    const hitsBefore = sink.hits;
    expect(await runScheduledReport(deps(), day(0))).toMatchObject({ delivery: 'delivered' });
    expect(sink.hits - hitsBefore).toBe(2);
    expect(sink.bodies).toHaveLength(1);
  });

  it('keeps the findings pending when every attempt fails (logged, counted) and sends them on the next run', async () => {
    const failedBefore = await counterValue(metrics.webhookDeliveries, { outcome: 'failed' });
    sink.statuses.push(503, 503, 503);
    expect(await runScheduledReport(deps(), day(0))).toMatchObject({ opened: 2, delivery: 'failed' });
    expect(await counterValue(metrics.webhookDeliveries, { outcome: 'failed' })).toBe(failedBefore + 1);
    expect(await registry.metrics()).toMatch(/mana_report_webhook_deliveries_total\{outcome="failed"\} \d/);
    const [run] = await database.query<{ delivery: string; error: string }>(`select delivery, error from report_runs`);
    expect(run).toEqual({ delivery: 'failed', error: 'HTTP 503' });
    expect((await listFindings({ database }, { status: 'open', limit: 10 })).findings.map((f) => f.announcedStatus)).toEqual([null, null]);

    expect(await runScheduledReport(deps(), day(1))).toMatchObject({ opened: 0, delivery: 'delivered' });
    expect(sink.bodies).toHaveLength(1);
    expect(sink.bodies[0]!.opened).toHaveLength(2);
  });

  it('runs a slot once when two replicas fire together', async () => {
    const results = await Promise.all([runScheduledReport(deps({ owner: 'a' }), day(0)), runScheduledReport(deps({ owner: 'b' }), day(0))]);
    expect(results.map((r) => r.status).sort()).toEqual(['ran', 'skipped']);
    expect(sink.bodies).toHaveLength(1);
    expect(await counterValue(metrics.runs, { outcome: 'skipped' })).toBeGreaterThanOrEqual(1);
  });

  it('maps a firing to its scheduled instant in REPORT_TIME_ZONE, so every replica claims the same slot', async () => {
    const schedule = startReportSchedule(deps({ webhook: undefined }), { cron: '0 7 * * *', timeZone: 'Europe/Berlin' });
    try {
      clock = new Date('2026-03-16T06:00:00.400Z');
      expect(await schedule.runDue(clock)).toMatchObject({ status: 'ran' });
      clock = new Date('2026-03-16T06:00:01.200Z');
      expect(await schedule.runDue(clock)).toEqual({ status: 'skipped' });
      const slots = await database.query<{ slot: Date | string }>(`select slot from report_runs`);
      expect(slots.map((s) => new Date(s.slot).toISOString())).toEqual(['2026-03-16T06:00:00.000Z']);
      expect(schedule.nextRun()!.getTime()).toBeGreaterThan(Date.now());
    } finally {
      schedule.stop();
    }
  });
});
