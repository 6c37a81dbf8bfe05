/**
 * Memory per concurrent persona session, in-process drivers vs claude-agent-sdk.
 *
 * N sessions run at once against the real mana-mcp (mana-auth + mana-mcp in a
 * child process) and a fake LLM in another child process with a fixed latency
 * per turn, so all N are in flight together (each: list todos, then close).
 * Each driver is measured in a fresh process of its own (RSS never shrinks back
 * after an earlier run). Per-session memory = (peak RSS while N are in flight -
 * RSS before) / N; for claude-agent-sdk the RSS of the Claude Code child
 * processes is added.
 *
 * Run: `npx tsx bench/runner-memory.ts [inProcessSessions=100] [claudeSessions=20] [latencyMs=3000]`
 * (claude-agent-sdk at 100 sessions would need ~20 GiB: measured at 20 by default.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createLogger, derivePersonaPassword, DEV_PERSONA_SEED_SECRET } from '@mana/core';
import { loginResponse, type PersonaProfile } from '@mana/contracts';
import { manaRegistry } from '@mana/tools';
import { createDriver, type DayContext, type DriverSettings } from '@mana/persona-runner';
import { startBenchServices, startFakeAnthropic, startFakeOpenAi, type FakeRequest, type FakeTurn } from '@mana/persona-runner/testing';
import type { LoginResponse } from '@mana/contracts';
import { descendants } from './lib/process-cpu';

const MiB = 1024 * 1024;

/** One list call, then a closing line; the rating turn is not part of this benchmark. */
function script(request: FakeRequest): FakeTurn {
  const list = request.tools.find((tool) => tool.endsWith('todo_list'));
  if (!list || request.toolResults.length > 0) return { text: 'Heute nur kurz reingeschaut.' };
  return { toolCalls: [{ name: list, input: {} }] };
}

if (process.argv[2] === '--fakes') {
  const latencyMs = Number(process.argv[3]);
  const anthropic = await startFakeAnthropic({ script, latencyMs });
  const openai = await startFakeOpenAi({ script, latencyMs });
  process.stdout.write(`${JSON.stringify({ anthropic: anthropic.url, openai: openai.url })}\n`);
  for await (const line of createInterface({ input: process.stdin })) if (line.trim() === 'quit') break;
  process.exit(0);
}

const root = fileURLToPath(new URL('../', import.meta.url));
const log = createLogger('bench', { level: 'silent' });
const gc = (globalThis as { gc?: () => void }).gc;

/** What the orchestrating process hands to each measuring process. */
interface Setup {
  mcpUrl: string;
  anthropic: string;
  openai: string;
  latencyMs: number;
  logins: { email: string; login: LoginResponse }[];
}

/** RSS in bytes of every descendant of this process (the Claude Code children). */
function childrenRss(): number {
  let total = 0;
  for (const pid of descendants(process.pid).slice(1)) {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      /* ended */
    }
  }
  return total;
}

function context(setup: Setup, i: number, settings: DriverSettings): DayContext {
  const { email, login } = setup.logins[i];
  const persona: PersonaProfile = {
    userId: login.user.id,
    email,
    name: `Bench ${i}`,
    archetype: 'bench',
    systemPrompt: 'Du bist eine Benchmark-Persona, die ihren Tag plant.',
    moduleMix: { todo: 1 },
    tickCadence: 'hourly',
    timeZone: 'Europe/Berlin',
    locale: 'de-DE',
    lastActiveAt: null,
  };
  return {
    persona,
    tickId: `bench-${settings.kind}-${i}`,
    attempt: 1,
    mcp: { url: setup.mcpUrl, headers: { Authorization: `Bearer ${login.accessToken}`, 'X-Mana-Space': login.personalSpaceId } },
    budgets: { maxTurns: 4, maxToolCalls: settings.kind === 'offline' ? 2 : 4, maxTokens: 0 },
    signal: new AbortController().signal,
    now: new Date(),
    moduleOf: (tool) => manaRegistry.moduleOf(tool) ?? 'unknown',
    seed: `bench-${i}`,
  };
}

/** Runs in a fresh process: N concurrent sessions of one driver, prints one result line. */
async function measure(kind: DriverSettings['kind'], sessions: number, setup: Setup): Promise<void> {
  const settings: DriverSettings = {
    kind,
    model: kind === 'openai-compatible' ? 'llama3.1' : 'claude-haiku-4-5',
    anthropicApiKey: 'sk-ant-bench',
    anthropicBaseUrl: setup.anthropic,
    openaiBaseUrl: `${setup.openai}/v1`,
    openaiApiKey: 'sk-bench',
    offlineDelayMs: setup.latencyMs,
    scratchDir: mkdtempSync(join(tmpdir(), 'mana-bench-claude-')),
  };
  const driver = await createDriver(settings, { log });
  await driver.runDay(context(setup, 0, settings)); // warm-up: modules loaded, pools created
  gc?.();
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = process.memoryUsage().rss + childrenRss();
  let peak = before;
  let peakChildren = 0;
  const sampler = setInterval(() => {
    const children = childrenRss();
    const total = process.memoryUsage().rss + children;
    if (total > peak) [peak, peakChildren] = [total, children];
  }, 100);
  const started = performance.now();
  const days = await Promise.all(Array.from({ length: sessions }, (_, i) => driver.runDay(context(setup, i, settings))));
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  const failed = days.filter((d) => d.termination !== 'completed' && d.termination !== 'max_tool_calls');
  console.log(
    `${kind.padEnd(18)} sessions=${String(sessions).padStart(3)}  rss before=${(before / MiB).toFixed(0)} MiB  peak=${(peak / MiB).toFixed(0)} MiB (children ${(peakChildren / MiB).toFixed(0)} MiB)  per session=${((peak - before) / sessions / MiB).toFixed(2)} MiB  wall=${seconds.toFixed(1)} s  calls=${days.reduce((n, d) => n + d.actions.length, 0)}  not completed=${failed.length}${failed[0] ? ` (${failed[0].termination}: ${failed[0].error})` : ''}`,
  );
}

async function startFakes(latencyMs: number): Promise<{ anthropic: string; openai: string; close(): void }> {
  const child = spawn(`${root}node_modules/.bin/tsx`, [fileURLToPath(import.meta.url), '--fakes', String(latencyMs)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const { value } = await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next();
  return { ...(JSON.parse(value as string) as { anthropic: string; openai: string }), close: () => child.stdin.write('quit\n') };
}

/** Runs one measurement in a fresh `node --expose-gc` process and waits for it. */
function measureInChild(kind: string, sessions: number, setupFile: string): Promise<void> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--measure', kind, String(sessions), setupFile], {
    cwd: root,
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${kind} measurement exited ${code}`)))));
}

if (process.argv[2] === '--measure') {
  await measure(process.argv[3] as DriverSettings['kind'], Number(process.argv[4]), JSON.parse(readFileSync(process.argv[5], 'utf8')) as Setup);
  process.exit(0);
}

const IN_PROCESS = Number(process.argv[2] ?? 100);
const CLAUDE = Number(process.argv[3] ?? 20);
const LATENCY_MS = Number(process.argv[4] ?? 3000);

const services = await startBenchServices();
const fakes = await startFakes(LATENCY_MS);
const emails = await services.seed(Math.max(IN_PROCESS, CLAUDE));
const logins = await Promise.all(
  emails.map(async (email) => {
    const res = await fetch(`${services.authUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: derivePersonaPassword(DEV_PERSONA_SEED_SECRET, email) }),
    });
    return { email, login: loginResponse.parse(await res.json()) };
  }),
);
const setupFile = join(mkdtempSync(join(tmpdir(), 'mana-bench-')), 'setup.json');
writeFileSync(setupFile, JSON.stringify({ mcpUrl: services.mcpUrl, anthropic: fakes.anthropic, openai: fakes.openai, latencyMs: LATENCY_MS, logins } satisfies Setup));

console.log(`runner-memory ${new Date().toISOString()} node ${process.version} cores=2 latency/turn=${LATENCY_MS} ms, one fresh process per driver`);
try {
  if (IN_PROCESS > 0) for (const kind of ['offline', 'openai-compatible', 'anthropic']) await measureInChild(kind, IN_PROCESS, setupFile);
  if (CLAUDE > 0) await measureInChild('claude-agent-sdk', CLAUDE, setupFile);
} finally {
  fakes.close();
  await services.close();
}
process.exit(0);
