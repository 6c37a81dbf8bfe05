import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PromptLanguage } from '../prompts';

/**
 * The offline driver's policies, by the name `PERSONA_OFFLINE_POLICY` takes. `standard` is the
 * default; `variant` is a second simulator for the false-alarm drill (issue 21 §4): the same
 * persona plays the same product but rates one star lower and works through its day in another
 * order, as a new persona model or prompt would. A report must announce such a change, not read it
 * as the product's.
 */
export const OFFLINE_POLICIES = ['standard', 'variant'] as const;

/** A policy name of `PERSONA_OFFLINE_POLICY`. */
export type OfflinePolicyName = (typeof OFFLINE_POLICIES)[number];

/**
 * Version of the standard policy, stored with each tick (`policy_version`). Bump it whenever what
 * the policy does or how it rates changes: ticks of two versions are not like with like.
 * v2: a rating's star agrees with its note (a failure is never above 3, an empty screen never above 4).
 */
export const OFFLINE_POLICY_VERSION = 'offline-v2';

/** Version of the drill's variant policy (one star lower, modules worked through in another order). */
export const OFFLINE_VARIANT_POLICY_VERSION = 'offline-v2-variant';

/** What distinguishes one offline policy from another. */
export interface OfflinePolicy {
  name: OfflinePolicyName;
  version: string;
  /** Added to the rating score before it is rounded (the variant is a harsher rater). */
  ratingShift: number;
  /** `weighted`: each step draws its module by weight; `least-liked-first`: the day's draws, done module by module from the least weighted. */
  order: 'weighted' | 'least-liked-first';
}

const POLICIES: Record<OfflinePolicyName, OfflinePolicy> = {
  standard: { name: 'standard', version: OFFLINE_POLICY_VERSION, ratingShift: 0, order: 'weighted' },
  variant: { name: 'variant', version: OFFLINE_VARIANT_POLICY_VERSION, ratingShift: -1, order: 'least-liked-first' },
};

/** Which policy plays, and from when: before `from` the standard policy plays (a simulator change mid-run). */
export interface OfflinePolicySettings {
  offlinePolicy?: OfflinePolicyName;
  /** `PERSONA_OFFLINE_POLICY_FROM`: days whose "now" is before this instant play the standard policy. */
  offlinePolicyFrom?: Date;
}

/** The policy that plays a day whose "now" is `at`. */
export function policyAt(settings: OfflinePolicySettings, at: Date | undefined): OfflinePolicy {
  const name = settings.offlinePolicy ?? 'standard';
  if (settings.offlinePolicyFrom && at && at.getTime() < settings.offlinePolicyFrom.getTime()) return POLICIES.standard;
  return POLICIES[name];
}

/** The phrase-bank languages, in the order their texts enter the hash. */
const BANK_LANGUAGES = ['de', 'en'] as const satisfies readonly PromptLanguage[];

let bankHash: string | undefined;

/**
 * First 16 hex digits of SHA-256 over the phrase banks' texts (every language, as stored): the
 * offline policies' "prompt". The same for every persona; it changes when a note, a summary or a
 * phrase the persona writes changes.
 */
export function phraseBankHash(): string {
  if (!bankHash) {
    const hash = createHash('sha256');
    for (const language of BANK_LANGUAGES) hash.update(`${language}\n`).update(readFileSync(new URL(`./phrases/${language}.json`, import.meta.url), 'utf8'));
    bankHash = hash.digest('hex').slice(0, 16);
  }
  return bankHash;
}
