import type { AccountFilters, ActivityFilters, MemberFilters } from './types.ts';

/**
 * One place for every query key, so invalidation hits exactly what a write changed.
 * Keys nest: invalidating `members.all` refreshes every member list.
 */
export const queryKeys = {
  setup: ['setup'] as const,
  session: ['session'] as const,
  workspace: ['workspace'] as const,
  invitation: (token: string) => ['invitation', token] as const,
  members: {
    all: ['members'] as const,
    list: (filters: MemberFilters) => ['members', 'list', filters] as const,
    options: ['members', 'options'] as const,
  },
  teams: {
    all: ['teams'] as const,
    list: ['teams', 'list'] as const,
    detail: (teamId: string) => ['teams', 'detail', teamId] as const,
  },
  activity: {
    all: ['activity'] as const,
    list: (filters: ActivityFilters) => ['activity', 'list', filters] as const,
  },
  outbox: {
    all: ['outbox'] as const,
    list: ['outbox', 'list'] as const,
  },
  vaults: {
    all: ['vaults'] as const,
    list: ['vaults', 'list'] as const,
  },
  accounts: {
    all: ['accounts'] as const,
    list: (filters: AccountFilters) => ['accounts', 'list', filters] as const,
    detail: (accountId: string) => ['accounts', 'detail', accountId] as const,
    grants: (accountId: string) => ['accounts', 'grants', accountId] as const,
  },
  /**
   * Outside `accounts` on purpose: every code read is audited, so invalidating account data
   * after an edit must not silently fetch (and log) a new code.
   */
  totpCode: (accountId: string) => ['totp-code', accountId] as const,
  /** Hub seats on "All accounts" (`/me/cards`). */
  cards: ['cards'] as const,
  /** The Shared Inbox; `accountId` null is every account the viewer may see. Reads are audited. */
  inbox: {
    all: ['inbox'] as const,
    list: (accountId: string | null) => ['inbox', 'list', accountId] as const,
  },
};
