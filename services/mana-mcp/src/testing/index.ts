/**
 * `@mana/mcp/testing`: the integration-test harness, and `prepareToolBindings` (the tools as
 * mana-mcp lists them) for the benchmarks that measure the tools/list answer.
 */
export { createMcpHarness, manaHeaders } from './harness';
export type { McpHarness } from './harness';
export { prepareToolBindings } from '../tools/register-tools';
