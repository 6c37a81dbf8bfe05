import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg';
import { fisherExact } from './fisher-exact';
import { binToMs, LATENCY_BINS_PER_LOG_UNIT, quantile } from './histogram';
import { mannWhitneyU, type TiedCount } from './mann-whitney';

/** Outputs of SciPy for the same inputs (fixtures/reference.py wrote them). */
const reference = JSON.parse(readFileSync(new URL('./fixtures/reference-values.json', import.meta.url), 'utf8')) as {
  fisherExact: { table: [[number, number], [number, number]]; pValue: number }[];
  mannWhitneyU: { counts: TiedCount[]; uAfter: number; pValue: number }[];
  benjaminiHochberg: { pValues: number[]; qValues: number[] }[];
};

describe('fisherExact against SciPy', () => {
  it.each(reference.fisherExact.map((r) => [JSON.stringify(r.table), r] as const))('%s', (_, { table, pValue }) => {
    const [[a, b], [c, d]] = table;
    expect(fisherExact(a, b, c, d)).toBeCloseTo(pValue, 10);
    expect(fisherExact(a, b, c, d) / pValue).toBeCloseTo(1, 6);
  });

  it('is 1 for a table without any failure and refuses negative or fractional counts', () => {
    expect(fisherExact(0, 40, 0, 30)).toBe(1);
    expect(() => fisherExact(-1, 2, 3, 4)).toThrow(/non-negative integers/);
    expect(() => fisherExact(1.5, 2, 3, 4)).toThrow(/non-negative integers/);
  });
});

describe('mannWhitneyU against SciPy (asymptotic, tie and continuity corrected)', () => {
  it.each(reference.mannWhitneyU.map((r, i) => [i, r] as const))('sample %i', (_, { counts, uAfter, pValue }) => {
    const result = mannWhitneyU(counts);
    expect(result.uAfter).toBeCloseTo(uAfter, 6);
    expect(result.pValue / pValue).toBeCloseTo(1, 6);
  });

  it('gives p = 1 when a side is empty or everything ties', () => {
    expect(mannWhitneyU([{ value: 3, before: 4, after: 0 }]).pValue).toBe(1);
    expect(mannWhitneyU([{ value: 3, before: 4, after: 5 }]).pValue).toBe(1);
  });

  it('orders the probability that an after value is greater', () => {
    const lower = mannWhitneyU([
      { value: 1, before: 0, after: 10 },
      { value: 5, before: 10, after: 0 },
    ]);
    expect(lower.probabilityGreater).toBe(0);
  });
});

describe('benjaminiHochberg against SciPy', () => {
  it.each(reference.benjaminiHochberg.map((r) => [r.pValues.length, r] as const))('%i p-values', (_, { pValues, qValues }) => {
    benjaminiHochberg(pValues).forEach((q, i) => expect(q).toBeCloseTo(qValues[i]!, 12));
  });
  it('is empty for no p-values', () => expect(benjaminiHochberg([])).toEqual([]));
});

describe('latency histogram', () => {
  /** A latency's bin as `latencyBinSql` computes it in the database. */
  const msToBin = (ms: number) => Math.round(Math.log(1 + Math.max(ms, 0)) * LATENCY_BINS_PER_LOG_UNIT);
  it('bins are about 1 % wide and map back to the latency', () => {
    for (const ms of [0, 1, 3, 17, 250, 1_000, 60_000]) {
      const back = binToMs(msToBin(ms));
      expect(Math.abs(back - ms)).toBeLessThanOrEqual(Math.max(0.01 * (ms + 1), 0.01));
    }
  });
  it('reads nearest-rank quantiles', () => {
    const bins = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((value) => ({ value, count: 1 }));
    expect(quantile(bins, 0.5)).toBe(5);
    expect(quantile(bins, 0.95)).toBe(10);
    expect(quantile([], 0.5)).toBeNull();
  });
});
