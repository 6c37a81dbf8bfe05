import { describe, expect, it } from 'vitest';
import { actionReport } from '@mana/contracts';
import type { RecordedAction } from '../drivers/driver';
import { createActionReporter, toActionReport } from './action-reporter';
import type { InternalApi } from '../clients/internal-api';
import { createLogger } from '@mana/core';

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

describe('createActionReporter', () => {
  it('counts the calls and, once per call id, those that answered an error (the tick line)', () => {
    const api = { reportActions: async () => undefined } as unknown as InternalApi;
    const reporter = createActionReporter({ api, personaId: 'u1', tickId: 'tick-1', batchSize: 100, log: createLogger('test', { level: 'silent' }) });
    reporter.add(recorded({ callId: 'a' }));
    reporter.add(recorded({ callId: 'b', result: 'error', errorMessage: 'no such todo' }));
    reporter.add(recorded({ callId: 'b', result: 'error', errorMessage: 'no such todo' }));
    reporter.add(recorded({ callId: 'c', result: 'error', errorMessage: 'rate limited' }));
    expect([reporter.count(), reporter.errors()]).toEqual([3, 2]);
  });
});
