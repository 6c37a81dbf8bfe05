import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from './benjamini-hochberg';
import { taroneBenjaminiHochberg } from './discrete-bh';
import { binToMs, LATENCY_BINS_PER_LOG_UNIT, quantile } from './histogram';
import { type Stratum, type VanElterenResult, vanElteren } from './van-elteren';

/** Outputs of SciPy for the same inputs (fixtures/reference.py wrote them). */
const reference = JSON.parse(readFileSync(new URL('./fixtures/reference-values.json', import.meta.url), 'utf8')) as {
  benjaminiHochberg: { pValues: number[]; qValues: number[] }[];
  taroneBenjaminiHochberg: { alpha: number; pValues: number[]; minPs: number[]; k: number; testable: boolean[]; qValues: number[] }[];
  vanElteren: ({ name: string; input: Stratum[] } & VanElterenResult)[];
};

/** Relative closeness: p-values span many orders of magnitude. */
const expectRelative = (actual: number, expected: number, tolerance: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));

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

describe("taroneBenjaminiHochberg against a direct implementation with SciPy's BH", () => {
  it.each(reference.taroneBenjaminiHochberg.map((r, i) => [i, r] as const))('set %i', (_, expected) => {
    const result = taroneBenjaminiHochberg(
      expected.pValues.map((pValue, i) => ({ pValue, minP: expected.minPs[i]! })),
      expected.alpha,
    );
    expect(result.k).toBe(expected.k);
    expect(result.testable).toEqual(expected.testable);
    result.qValues.forEach((q, i) => expectRelative(q, expected.qValues[i]!, 1e-12));
  });

  it('equals plain BH when every test can reach a small p-value', () => {
    const pValues = [0.001, 0.02, 0.04, 0.3];
    const result = taroneBenjaminiHochberg(
      pValues.map((pValue) => ({ pValue, minP: 1e-9 })),
      0.05,
    );
    expect(result.qValues).toEqual(benjaminiHochberg(pValues));
    expect(result.testable).toEqual([true, true, true, true]);
  });

  it('is empty for no tests and refuses a bad alpha, p-value or minimum', () => {
    expect(taroneBenjaminiHochberg([], 0.05)).toEqual({ qValues: [], testable: [], k: 1 });
    expect(() => taroneBenjaminiHochberg([], 0)).toThrow(/alpha/);
    expect(() => taroneBenjaminiHochberg([{ pValue: 1.2, minP: 0.1 }], 0.05)).toThrow(/\[0, 1\]/);
    expect(() => taroneBenjaminiHochberg([{ pValue: Number.NaN, minP: 0.1 }], 0.05)).toThrow(/\[0, 1\]/);
    expect(() => taroneBenjaminiHochberg([{ pValue: 0.01, minP: 0.125 }], 0.05)).toThrow(/below its minP/);
  });
});

describe('vanElteren against a direct implementation with SciPy (one stratum: mannwhitneyu asymptotic, no continuity correction)', () => {
  it.each(reference.vanElteren.map((r) => [r.name, r] as const))('%s', (_, expected) => {
    const result = vanElteren(expected.input);
    expect(result.strata).toBe(expected.strata);
    // z near 0 compared absolutely; every p-value relatively, tails as small as 1e-36 included.
    expect(Math.abs(result.z - expected.z)).toBeLessThanOrEqual(Math.max(1e-9 * Math.abs(expected.z), 1e-12));
    for (const key of ['pGreater', 'pLess', 'minPGreater', 'minPLess'] as const) expectRelative(result[key], expected[key], 1e-9);
    expect(result.minPGreater).toBeLessThanOrEqual(result.pGreater);
    expect(result.minPLess).toBeLessThanOrEqual(result.pLess);
  });

  it('reaches its smallest p exactly when every stratum has after above before, and mirrors when the sides swap', () => {
    const strata: Stratum[] = [
      { before: [1, 2, 2], after: [3, 4] },
      { before: [0.1], after: [0.2, 0.2, 0.3] },
      { before: [5, 6, 7, 7], after: [8] },
    ];
    const up = vanElteren(strata);
    expect(up.pGreater).toBe(up.minPGreater);
    expect(up.z).toBeGreaterThan(0);
    const down = vanElteren(strata.map(({ before, after }) => ({ before: after, after: before })));
    expect(down.z).toBe(-up.z);
    expect(down.pLess).toBe(down.minPLess);
    expect(down.pLess).toBe(up.pGreater);
  });

  it('does not depend on the order of days or personas, and ties values equal but for floating noise', () => {
    const strata: Stratum[] = [
      { before: [0.3, 0.1, 0.5], after: [0.4, 0.6] },
      { before: [2, 1], after: [1, 3, 2] },
    ];
    const reordered = [...strata].reverse().map(({ before, after }) => ({ before: [...before].reverse(), after: [...after].reverse() }));
    expect(vanElteren(reordered)).toEqual(vanElteren(strata));
    // 0.1 + 0.2 is 0.30000000000000004: the same day's rate as 0.3.
    expect(vanElteren([{ before: [0.1 + 0.2, 1 / 3], after: [0.3, 2 / 6] }])).toEqual(vanElteren([{ before: [0.3, 1], after: [0.3, 1] }]));
  });

  it('skips a stratum with an empty side and gives p = 1 when nothing is left or everything ties', () => {
    const none = { strata: 0, z: 0, pGreater: 1, pLess: 1, minPGreater: 1, minPLess: 1 };
    expect(vanElteren([])).toEqual(none);
    expect(
      vanElteren([
        { before: [1, 2], after: [] },
        { before: [], after: [3] },
      ]),
    ).toEqual(none);
    expect(vanElteren([{ before: [4, 4], after: [4] }])).toEqual({ ...none, strata: 1 });
    const used = { before: [1, 2], after: [3, 4] };
    expect(vanElteren([used, { before: [9, 9], after: [] }])).toEqual(vanElteren([used]));
  });

  it('refuses a value that is not a finite number', () => {
    expect(() => vanElteren([{ before: [1, Number.NaN], after: [2] }])).toThrow(/stratum 0 before .*finite/);
    expect(() =>
      vanElteren([
        { before: [1], after: [2] },
        { before: [], after: [Number.POSITIVE_INFINITY] },
      ]),
    ).toThrow(/stratum 1 after .*finite/);
  });
});
