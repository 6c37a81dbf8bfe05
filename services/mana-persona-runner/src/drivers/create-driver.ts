import type { Logger } from '@mana/core';
import type { DriverSettings, PersonaDriver } from './driver';
import { createOfflineDriver } from './offline/offline-driver';

/**
 * The one driver the runner uses, chosen by `settings.kind`. Drivers are
 * stateless between days except for pooled resources released by `close()`.
 * A model driver's module (and its SDK: the Claude Agent SDK, the AI SDK and
 * its providers) is imported only when it is chosen, so a runner on the
 * offline default does not load them at start.
 */
export async function createDriver(settings: DriverSettings, deps: { log: Logger }): Promise<PersonaDriver> {
  const log = deps.log.child({ driver: settings.kind });
  switch (settings.kind) {
    case 'offline':
      return createOfflineDriver(settings, { log });
    case 'claude-agent-sdk':
      return (await import('./claude-agent-sdk/claude-driver')).createClaudeAgentSdkDriver(settings, { log });
    case 'anthropic':
    case 'openai-compatible':
      return (await import('./ai-sdk/ai-sdk-driver')).createAiSdkDriver(settings.kind, settings, { log });
  }
}
