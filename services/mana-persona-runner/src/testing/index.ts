/**
 * `@mana/persona-runner/testing`: what the benchmarks and the reliability suite use of the
 * runner besides its public API — fakes of the LLM APIs, a scripted driver, the bench
 * services, persona sign-up, and two internals the benchmarks measure (the offline driver's
 * shared validator, the remembered tools/list answer). The runner's own tests import the
 * files directly.
 */
export { startBenchServices } from './bench-client';
export type { BenchServices } from './bench-client';
export { startFakeAnthropic } from './fakes/anthropic-messages';
export type { FakeRequest, FakeServer, FakeTurn } from './fakes/fake-llm';
export { startFakeOpenAi } from './fakes/openai-chat';
export { createScriptedDriver } from './scripted-driver';
export { signUpPersonas } from './sign-up-personas';
export { parseJsonAnswer } from '../clients/keep-alive';
export { sharedValidator } from '../drivers/offline/cached-validator';
