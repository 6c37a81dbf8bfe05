import { describe, expect, it } from 'vitest';
import { parseSimulateArgs } from './cli-args';

describe('parseSimulateArgs', () => {
  it('maps --policy and --policy-from-day to a simulator change', () => {
    expect(parseSimulateArgs(['--days', '14', '--policy', 'variant', '--policy-from-day', '8'], {}).options.simulatorChange).toEqual({ policy: 'variant', fromDay: 8 });
    expect(parseSimulateArgs(['--days', '14', '--policy', 'variant'], {}).options.simulatorChange).toEqual({ policy: 'variant', fromDay: undefined });
    expect(parseSimulateArgs(['--days', '14'], {}).options.simulatorChange).toBeUndefined();
  });

  it('refuses a day that is not a whole number, and leaves a day without a policy to simulate() to refuse', () => {
    expect(() => parseSimulateArgs(['--days', '14', '--policy', 'variant', '--policy-from-day', 'eight'], {})).toThrow(/--policy-from-day must be a whole number/);
    expect(parseSimulateArgs(['--days', '14', '--policy-from-day', '8'], {}).options.simulatorChange).toEqual({ policy: undefined, fromDay: 8 });
  });
});
