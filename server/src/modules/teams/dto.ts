import { z } from 'zod';
import type { TeamSummary } from './repo.ts';

export const teamRoleSchema = z.enum(['team_admin', 'team_member']);

export const teamSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  memberCount: z.number().int(),
  myTeamRole: teamRoleSchema.nullable(),
  createdAt: z.date(),
});
export type TeamDto = z.infer<typeof teamSchema>;

export const teamMemberSchema = z.object({ memberId: z.uuid(), email: z.string(), firstName: z.string(), lastName: z.string(), teamRole: teamRoleSchema });
export const teamDetailSchema = teamSchema.extend({ members: z.array(teamMemberSchema) });
export type TeamDetailDto = z.infer<typeof teamDetailSchema>;

export function toTeamDto(t: TeamSummary): TeamDto {
  return { id: t.id, name: t.name, memberCount: t.memberCount, myTeamRole: t.myTeamRole as TeamDto['myTeamRole'], createdAt: t.createdAt };
}

export const teamName = z.string().trim().min(1, 'Give the team a name').max(100);
