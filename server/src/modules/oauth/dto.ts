import { z } from 'zod';
import { connectHubBody } from '../hubs/dto.ts';

/**
 * Why an authorisation did not end in a hub. The web app turns each into words and a next step;
 * the redirect carries only this code, never the provider's text, a code or a token.
 */
export const oauthFailures = [
  'denied', // the person chose Deny (or the provider answered with an error)
  'invalid_state', // a state Latchkey never issued for this app, or none at all
  'used', // the state was already used once
  'expired', // started more than ten minutes earlier
  'wrong_member', // started by another member, or in another workspace
  'signed_out', // no Latchkey session came back with the browser
  'not_configured', // the operator removed the app's id and secret meanwhile
  'exchange_failed', // the provider refused the code or could not be reached
  'connect_failed', // the hub could not be created (e.g. your role changed meanwhile)
] as const;
export type OAuthFailure = (typeof oauthFailures)[number];

/** The hub details kept in `oauth_states.data` between start and callback; no secrets. */
export const pendingHubSchema = z.object({
  label: z.string(),
  businessId: z.string().optional(),
  connectFields: z.record(z.string(), z.string()).optional(),
  loginMethod: z.enum(['sso', 'username_password']),
  requestToSave: z.boolean().optional(),
  credentialLabel: z.string(),
});
export type PendingHub = z.infer<typeof pendingHubSchema>;

/**
 * The same fields as `POST /hubs` (derived from its schema), minus the token: the provider supplies
 * the secret, so the service credential is at most a label for the vault account.
 */
export const oauthStartBody = connectHubBody.omit({ serviceCredential: true }).extend({
  serviceCredential: connectHubBody.shape.serviceCredential.options[1].pick({ label: true }).optional(),
});

/** Shown next to each app in the catalog: whether the wizard may offer "Authorise with <provider>". */
export const appOAuthSchema = z
  .object({ provider: z.string().describe('How people know the provider, e.g. "TikTok"'), configured: z.boolean().describe('The operator set the app id and secret, so authorising works here') })
  .nullable()
  .describe('Null when the app has no authorisation page (paste a token or pick an account)');
