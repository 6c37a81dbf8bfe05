import type { Logger } from '@mana/core';
import type { DriverSettings, PersonaDriver } from './driver';
import { createAiSdkDriver } from './ai-sdk/ai-sdk-driver';
import { createClaudeAgentSdkDriver } from './claude-agent-sdk/claude-driver';
import { createOfflineDriver } from './offline/offline-driver';

/**
 * The one driver the runner uses, chosen by `settings.kind`. Drivers are
 * stateless between days except for pooled resources released by `close()`.
 */
export function createDriver(settings: DriverSettings, deps: { log: Logger }): PersonaDriver {
  const log = deps.log.child({ driver: settings.kind });
  switch (settings.kind) {
    case 'offline':
      return createOfflineDriver(settings, { log });
    case 'claude-agent-sdk':
      return createClaudeAgentSdkDriver(settings, { log });
    case 'anthropic':
    case 'openai-compatible':
      return createAiSdkDriver(settings.kind, settings, { log });
  }
}
