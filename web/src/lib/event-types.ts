import type { ActivityEvent } from '../api/types.ts';
import { humanize } from './labels.ts';

/** Words for event types this build knows; anything else is humanised from its dotted name. */
export const EVENT_TYPE_LABELS: Record<string, string> = {
  'workspace.created': 'Workspace created',
  'workspace.updated': 'Workspace settings changed',
  'member.signed_in': 'Signed in',
  'member.signed_out': 'Signed out',
  'member.sign_in_failed': 'Sign-in failed',
  'member.invited': 'Member invited',
  'member.invite_resent': 'Invite resent',
  'member.invite_accepted': 'Invite accepted',
  'member.activated': 'Member activated',
  'member.role_changed': 'Role changed',
  'member.updated': 'Member details changed',
  'member.disabled': 'Member disabled',
  'member.enabled': 'Member enabled',
  'member.password_reset_requested': 'Password reset requested',
  'member.password_reset': 'Password reset',
  'member.totp_enabled': 'Two-factor sign-in turned on',
  'member.totp_disabled': 'Two-factor sign-in turned off',
  'team.created': 'Team created',
  'team.renamed': 'Team renamed',
  'team.deleted': 'Team deleted',
  'team.member_added': 'Added to team',
  'team.member_removed': 'Removed from team',
  'team.member_role_changed': 'Team role changed',
  'vault.created': 'Vault created',
  'account.created': 'Account added',
  'account.updated': 'Account edited',
  'account.credentials.updated': 'Password changed',
  'account.enabled': 'Account enabled',
  'account.disabled': 'Account disabled',
  'account.deleted': 'Account moved to trash',
  'account.restored': 'Account restored',
  'account.password_retrieved': 'Password retrieved',
  'account.backup_codes_retrieved': 'Backup codes retrieved',
  'account.mfa_code_retrieved': 'MFA code retrieved',
  'account.totp_exported': 'Authenticator seed exported',
  'account.access.shared': 'Account shared',
  'account.access.role_changed': 'Account access changed',
  'account.access.revoked': 'Account access removed',
};

export const KNOWN_EVENT_TYPES: string[] = Object.keys(EVENT_TYPE_LABELS);

export function eventTypeLabel(type: string): string {
  return EVENT_TYPE_LABELS[type] ?? humanize(type);
}

export function actorLabel(actor: ActivityEvent['actor']): string {
  if (actor.kind === 'system') return 'Latchkey (system)';
  if (actor.kind === 'api_key') return actor.email ? `API key of ${actor.email}` : 'API key';
  return actor.email ?? 'Unknown member';
}

export function targetLabel(target: ActivityEvent['target']): string {
  if (!target) return '—';
  return target.label ?? `${humanize(target.type)} ${target.id.slice(0, 8)}`;
}
