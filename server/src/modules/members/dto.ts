import { z } from 'zod';
import { memberStatuses, workspaceRoles } from '../../lib/actor.ts';
import type { MemberRow } from './repo.ts';

export const memberSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.enum(workspaceRoles),
  status: z.enum(memberStatuses),
  isGuest: z.boolean(),
  mfaEnabled: z.boolean(),
  createdAt: z.date(),
  activatedAt: z.date().nullable(),
  inviteExpiresAt: z.date().nullable(),
  lastActivityAt: z.date().nullable(),
});
export type MemberDto = z.infer<typeof memberSchema>;

/** The response allow-list: password hashes and sealed seeds never leave the server. */
export function toMemberDto(m: MemberRow): MemberDto {
  return {
    id: m.id,
    email: m.email,
    firstName: m.firstName,
    lastName: m.lastName,
    role: m.role as MemberDto['role'],
    status: m.status as MemberDto['status'],
    isGuest: m.isGuest,
    mfaEnabled: m.mfaEnabled,
    createdAt: m.createdAt,
    activatedAt: m.activatedAt,
    inviteExpiresAt: m.status === 'pending' ? m.inviteExpiresAt : null,
    lastActivityAt: m.lastActivityAt,
  };
}

export const name = z.string().trim().max(100);
export const email = z.email().max(254);
/** Long passphrases welcome; the floor keeps brute force off the table, the ceiling keeps argon2 cheap. */
export const newPassword = z.string().min(12, 'Use at least 12 characters').max(256);
