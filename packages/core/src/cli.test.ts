import { describe, expect, it } from 'vitest';
import { parseCli, runCommand, type Command } from './cli';
import { AppError } from './errors';
import { captureCommand } from './testing/command';
import { UsageError } from './usage-error';

const USAGE = 'Usage: demo [--fail usage|validation|other]';

/** A command whose `--fail` flag picks how it fails, to pin the exit codes every CLI shares. */
const demo: Command<{ fail?: string; help: boolean }> = {
  name: 'demo',
  usage: USAGE,
  parse: (argv) => {
    const values = parseCli(argv, { fail: { type: 'string' } }, USAGE);
    if (values.fail === 'usage') throw new UsageError('--fail usage given', USAGE);
    return { fail: values.fail, help: values.help ?? false };
  },
  async run(args, { now, out }) {
    if (args.fail === 'validation') throw new AppError('VALIDATION', 'unknown persona "x"');
    if (args.fail === 'other') throw new Error('the database is gone');
    out(`ran at ${now.toISOString()}\n`);
    return 0;
  },
};
const run = (argv: string[]) => captureCommand((a, io) => runCommand(demo, a, io), argv, { now: () => new Date('2026-03-15T00:00:00Z') });

describe('runCommand', () => {
  it('runs with the clock it is given and prints the usage for --help', async () => {
    expect(await run([])).toEqual({ code: 0, out: 'ran at 2026-03-15T00:00:00.000Z\n', err: '' });
    expect(await run(['-h'])).toEqual({ code: 0, out: `${USAGE}\n`, err: '' });
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['--fail', 'usage'], /--fail usage given/],
    [['--fail', 'validation'], /unknown persona "x"/],
  ])('exits 2 for %j with the message and the usage on stderr', async (argv, message) => {
    const { code, out, err } = await run(argv);
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(message);
    expect(err.endsWith(`\n\n${USAGE}`)).toBe(true);
  });

  it('exits 1 naming the command for any other failure', async () => {
    expect(await run(['--fail', 'other'])).toEqual({ code: 1, out: '', err: 'demo failed: the database is gone' });
  });
});
