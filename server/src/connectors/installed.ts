import type { Config } from '../config/config.ts';
import { createMetaConnector } from './meta/connector.ts';
import { createPinterestConnector } from './pinterest/connector.ts';
import { createSandboxConnector } from './sandbox/connector.ts';
import { createTikTokConnector } from './tiktok/connector.ts';
import type { Connector } from './types.ts';

/** The connectors this build ships, pointed at their configured endpoints. */
export function installedConnectors(config: Pick<Config, 'sandboxUrl' | 'pinterestApiUrl' | 'tiktokApiUrl' | 'metaGraphUrl' | 'metaGraphVersion'>): Connector[] {
  return [createSandboxConnector({ baseUrl: config.sandboxUrl }), createPinterestConnector({ baseUrl: config.pinterestApiUrl }), createTikTokConnector({ baseUrl: config.tiktokApiUrl }), createMetaConnector({ graphUrl: config.metaGraphUrl, version: config.metaGraphVersion })];
}
