import type { Usage } from '@mana/contracts';

/** USD per million input / output tokens, by model-name prefix (public list prices). */
const PRICES: readonly [prefix: string, input: number, output: number][] = [
  ['claude-opus-4-5', 5, 25],
  ['claude-opus-4', 15, 75],
  ['claude-sonnet-4', 3, 15],
  ['claude-3-7-sonnet', 3, 15],
  ['claude-haiku-4', 1, 5],
  ['claude-3-5-haiku', 0.8, 4],
];

/**
 * Usage with cost for drivers whose provider reports tokens but no price. A
 * model without a known price (local servers) costs 0: the budget then
 * counts tokens only.
 */
export function priced(model: string, inputTokens: number, outputTokens: number): Usage {
  const price = PRICES.find(([prefix]) => model.startsWith(prefix));
  const costUsd = price ? (inputTokens * price[1] + outputTokens * price[2]) / 1_000_000 : 0;
  return { inputTokens, outputTokens, costUsd: Math.round(costUsd * 1e6) / 1e6 };
}
