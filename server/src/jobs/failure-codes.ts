/** Hub health states a failure puts the hub in (spec §4.1). */
export type HealthEffect = 'review_configuration' | 'review_service_account' | 'requires_sync' | null;

export interface FailureCode {
  userAction: string;
  /** What the person must do, in words the Automation page shows. */
  remedy: string;
  health: HealthEffect;
  /** Retried automatically by the engine. */
  transient: boolean;
}

/** Automation failure codes (spec §8). Names follow the reference product, including `MFAAlreadyEnable`. */
export const failureCodes: Record<string, FailureCode> = {
  NotEnoughSeats: { userAction: 'add_licenses', remedy: 'Buy or free seats in the app, then retry.', health: null, transient: false },
  SubscriptionDeactivated: { userAction: 'reactivate_subscription', remedy: "Reactivate the app's plan, then retry.", health: 'review_configuration', transient: false },
  UnderpermissionedAccount: { userAction: 'grant_permissions', remedy: 'Give the service account the admin role (or re-authorise with the needed scopes), then retry.', health: 'review_service_account', transient: false },
  InvalidBusinessId: { userAction: 'fix_business_id', remedy: "Correct the business ID in the hub's Settings.", health: 'review_configuration', transient: false },
  BadCredentials: { userAction: 'review_credentials', remedy: "Update the account's password or reconnect it.", health: 'review_service_account', transient: false },
  EmptyPasswordError: { userAction: 'review_credentials', remedy: 'Add the password to the account.', health: 'review_service_account', transient: false },
  AccountVaultError: { userAction: 'contact_support', remedy: 'An admin checks the master key and the vault.', health: null, transient: false },
  InvalidEmail: { userAction: 'update_contact_info', remedy: "Fix the member's email address.", health: null, transient: false },
  InviteRejected: { userAction: 'review_invite', remedy: "Read the app's message, fix it, then Resend invite.", health: null, transient: false },
  InviteExpired: { userAction: 'resend_invite', remedy: 'Resend the invite.', health: null, transient: false },
  TokenExpired: { userAction: 'reauthorize', remedy: "Re-authorise or replace the token in the hub's Settings.", health: 'review_service_account', transient: false },
  RateLimited: { userAction: 'none', remedy: 'Nothing: Latchkey retries automatically.', health: null, transient: true },
  ConnectorUnavailable: { userAction: 'retry_later', remedy: 'Retry later; if it persists the app may be down or its API changed.', health: 'requires_sync', transient: true },
  SyncSafeguardTripped: { userAction: 'review_sync', remedy: 'Review the removals, then Apply anyway or fix the app.', health: 'requires_sync', transient: false },
};

export function describeFailure(code: string): FailureCode {
  return failureCodes[code] ?? { userAction: 'review', remedy: 'Review in Latchkey.', health: null, transient: false };
}
