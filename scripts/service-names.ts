/** The three services in start order, each with the port variable `npm start` reads for it. */
export const SERVICES = { auth: 'MANA_AUTH_PORT', mcp: 'MANA_MCP_PORT', runner: 'RUNNER_PORT' } as const;
export type ServiceName = keyof typeof SERVICES;

/** The default port of each service (README). */
export const DEFAULT_PORTS = { auth: 3001, mcp: 3069, runner: 3070 } as const satisfies Record<ServiceName, number>;
