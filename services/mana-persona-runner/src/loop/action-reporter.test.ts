import { describe, expect, it } from 'vitest';
import { actionReport } from '@mana/contracts';
import type { RecordedAction } from '../drivers/driver';
import { toActionReport } from './action-reporter';

const recorded = (extra: Partial<RecordedAction> = {}): RecordedAction => ({
  callId: 'call-1',
  toolName: 'echo',
  module: 'everything',
  input: { message: 'hi' },
  inputHash: 'h',
  result: 'ok',
  ...extra,
});

describe('toActionReport', () => {
  it('sends the driver’s module (a foreign server’s configured one) in a row the contract accepts', () => {
    const report = toActionReport('tick-1', recorded(), 2);
    expect(report).toEqual({ tickId: 'tick-1', attempt: 2, callId: 'call-1', toolName: 'echo', module: 'everything', inputHash: 'h', result: 'ok' });
    expect(actionReport.parse(report)).toEqual(report);
  });

  it('leaves out a module the contract would refuse, so the batch still lands (stored as unknown)', () => {
    const report = toActionReport('tick-1', recorded({ module: 'Not A Module' }));
    expect(report).not.toHaveProperty('module');
    expect(actionReport.safeParse(report).success).toBe(true);
  });
});

describe('toActionReport: what the report tests', () => {
  it('sends the handler time and whether a read came back empty, and leaves both out when the driver cannot tell', () => {
    const report = toActionReport('tick-1', recorded({ handlerMs: 2.5, emptyResult: true }));
    expect(report).toMatchObject({ handlerMs: 2.5, emptyResult: true });
    expect(actionReport.parse(report)).toEqual(report);
    expect(toActionReport('tick-1', recorded({ emptyResult: false })).emptyResult).toBe(false);
    const plain = toActionReport('tick-1', recorded());
    expect(plain).not.toHaveProperty('emptyResult');
    expect(plain).not.toHaveProperty('handlerMs');
  });
});
