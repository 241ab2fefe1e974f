import type { Config } from '../config/config.ts';
import { createMetaConnector } from './meta/connector.ts';
import { createPinterestConnector } from './pinterest/connector.ts';
import { createSandboxConnector } from './sandbox/connector.ts';
import { createTikTokConnector } from './tiktok/connector.ts';
import type { Connector } from './types.ts';

/**
 * The connectors this build ships, pointed at their configured endpoints. Pinterest also gets the
 * operator's app id and secret (when set): its OAuth tokens are refreshed as that app, and the
 * secret stays here instead of in the workspace vaults.
 */
export function installedConnectors(config: Pick<Config, 'sandboxUrl' | 'pinterestApiUrl' | 'tiktokApiUrl' | 'metaGraphUrl' | 'metaGraphVersion' | 'hubOAuth'>): Connector[] {
  const pinterestApp = config.hubOAuth.pinterest && { clientId: config.hubOAuth.pinterest.clientId, clientSecret: config.hubOAuth.pinterest.clientSecret };
  return [createSandboxConnector({ baseUrl: config.sandboxUrl }), createPinterestConnector({ baseUrl: config.pinterestApiUrl, app: pinterestApp }), createTikTokConnector({ baseUrl: config.tiktokApiUrl }), createMetaConnector({ graphUrl: config.metaGraphUrl, version: config.metaGraphVersion })];
}
