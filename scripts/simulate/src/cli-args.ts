import { UsageError } from '@mana/core';
import { parseCli } from '@mana/personas-scripts';
import type { SimulateOptions } from './options';

export const USAGE = `Usage: npm run simulate -- --days N [--personas N] [--seed S] [--fault-from-day D] [--policy P [--policy-from-day D]] [--concurrency N] [--append] [--speed-report]

Plays N simulated days of the whole system (mana-auth, mana-mcp, the runner's
offline driver) on a virtual clock into the configured database (DATABASE_URL,
else PGlite in MANA_DATA_DIR). The simulated days end now.

  --days N            days to simulate (1-366)
  --personas N        seed N generated personas first (empty database only);
                      default: the personas present (the catalogue on an empty dev database)
  --seed S            seed of the generator, the personas' days and the fault dice (default 1)
  --fault-from-day D  MCP_FAULTS apply from simulated day D on (day 1 = the first)
  --policy P          a simulator change: the offline driver plays policy P instead of
                      the standard one (variant: rates a star lower, calls in another order)
  --policy-from-day D the change starts on simulated day D (default 1)
  --concurrency N     persona sessions at once (default 16; results do not depend on it)
  --append            continue after the last tick of a database that has history
  --speed-report      print wall time, persona-days/s and CPU at the end
  -h, --help          this text

Faults use mana-mcp's variable: MCP_FAULTS=todo_complete:error=0.35 npm run simulate -- --days 14 --fault-from-day 8
A simulator change alone (no product change): npm run simulate -- --days 14 --policy variant --policy-from-day 8`;

/** The command line as simulate() options plus the CLI's own flags; throws UsageError. */
export function parseSimulateArgs(argv: string[], env: Record<string, string | undefined>): { options: SimulateOptions; speedReport: boolean; help: boolean } {
  const values = parseCli(
    argv,
    {
      days: { type: 'string' },
      personas: { type: 'string' },
      seed: { type: 'string' },
      'fault-from-day': { type: 'string' },
      policy: { type: 'string' },
      'policy-from-day': { type: 'string' },
      concurrency: { type: 'string' },
      append: { type: 'boolean' },
      'speed-report': { type: 'boolean' },
    },
    USAGE,
  );
  if (values.help) return { options: { days: 0 }, speedReport: false, help: true };
  if (values.days === undefined) throw new UsageError('--days is required', USAGE);
  const int = (flag: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    if (!/^\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number (got "${text}")`, USAGE);
    return Number(text);
  };
  return {
    options: {
      days: int('days', values.days)!,
      personas: int('personas', values.personas),
      seed: int('seed', values.seed),
      faultFromDay: int('fault-from-day', values['fault-from-day']),
      simulatorChange: simulatorChangeOf(values.policy, int('policy-from-day', values['policy-from-day'])),
      concurrency: int('concurrency', values.concurrency),
      append: values.append ?? false,
      faults: env.MCP_FAULTS,
    },
    speedReport: values['speed-report'] ?? false,
    help: false,
  };
}

/** `--policy` and `--policy-from-day` as simulate()'s option; simulate() checks the values (a day without a policy is refused there). */
function simulatorChangeOf(policy: string | undefined, fromDay: number | undefined): SimulateOptions['simulatorChange'] {
  if (policy === undefined && fromDay === undefined) return undefined;
  return { policy: policy as NonNullable<SimulateOptions['simulatorChange']>['policy'], fromDay };
}
