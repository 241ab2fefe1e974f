import type { Config } from '../config/config.ts';
import { createSandboxConnector } from './sandbox/connector.ts';
import type { Connector } from './types.ts';

/** The connectors this build ships, pointed at their configured endpoints. */
export function installedConnectors(config: Pick<Config, 'sandboxUrl'>): Connector[] {
  return [createSandboxConnector({ baseUrl: config.sandboxUrl })];
}
