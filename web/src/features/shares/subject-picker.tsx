import { MultiSelect } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { apiRequest } from '../../api/client.ts';
import { useMemberOptions } from '../../api/members.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useTeams } from '../../api/teams.ts';
import type { Member, Team, TeamDetail } from '../../api/types.ts';
import { memberName } from '../../lib/labels.ts';
import { COLLABORATOR_ONLY } from './share-labels.ts';

/** `user:<id>` or `team:<id>`: one value space for the picker. */
export type SubjectValue = `${'user' | 'team'}:${string}`;

export function parseSubject(value: string): { type: 'user' | 'team'; id: string } {
  const [type, id] = value.split(':') as ['user' | 'team', string];
  return { type, id };
}

export interface Subjects {
  members: Member[];
  teams: Team[];
  loading: boolean;
  error: Error | null;
  /** Display name of a chosen value: the member's name or the team's. */
  nameOf: (value: string) => string;
  /**
   * True when a chosen member is a guest or login-only, or a chosen team includes one: they can
   * only be Collaborators (spec §6.2). Teams are checked once their members are loaded.
   */
  collaboratorOnly: boolean;
  /** Chosen people and teams' members, deduplicated: how many people the change reaches. */
  reach: number;
}

/** Members and teams for "Search users or teams", with what the chosen ones allow. */
export function useSubjects(chosen: string[]): Subjects {
  const members = useMemberOptions();
  const teams = useTeams();
  const chosenTeams = chosen.map(parseSubject).filter((subject) => subject.type === 'team');
  const details = useQueries({
    queries: chosenTeams.map(({ id }) => ({
      queryKey: queryKeys.teams.detail(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => apiRequest<TeamDetail>('GET', `/teams/${encodeURIComponent(id)}`, { signal }),
      staleTime: 30_000,
    })),
  });
  const roleOf = new Map((members.data ?? []).map((member) => [member.id, member.role]));
  const people = new Set<string>();
  let collaboratorOnly = false;
  for (const value of chosen) {
    const subject = parseSubject(value);
    if (subject.type === 'user') {
      people.add(subject.id);
      if (COLLABORATOR_ONLY.has(roleOf.get(subject.id) ?? '')) collaboratorOnly = true;
    }
  }
  for (const detail of details) {
    for (const membership of detail.data?.members ?? []) {
      people.add(membership.memberId);
      if (COLLABORATOR_ONLY.has(roleOf.get(membership.memberId) ?? '')) collaboratorOnly = true;
    }
  }
  const nameOf = (value: string): string => {
    const subject = parseSubject(value);
    if (subject.type === 'team') return teams.data?.find((team) => team.id === subject.id)?.name ?? 'a team';
    const member = members.data?.find((candidate) => candidate.id === subject.id);
    return member ? memberName(member) : 'a member';
  };
  return {
    members: (members.data ?? []).filter((member) => member.status !== 'disabled'),
    teams: teams.data ?? [],
    loading: members.isPending || teams.isPending,
    error: members.error ?? teams.error,
    nameOf,
    collaboratorOnly,
    reach: people.size,
  };
}

export interface SubjectPickerProps {
  subjects: Subjects;
  value: string[];
  onChange: (value: string[]) => void;
  /** Values that already hold the object, left out of the list. */
  exclude?: ReadonlySet<string>;
  error?: string | undefined;
  description?: string;
  label?: string;
}

/** "Search users or teams": one multi-select over members and teams. */
export function SubjectPicker({ subjects, value, onChange, exclude, error, description, label = 'Share with' }: SubjectPickerProps): ReactElement {
  const data = [
    {
      group: 'People',
      items: subjects.members
        .filter((member) => !exclude?.has(`user:${member.id}`))
        .map((member) => ({
          value: `user:${member.id}`,
          label: `${memberName(member)} (${member.email})${member.role === 'guest' ? ' · guest' : member.role === 'login_only' ? ' · login-only' : ''}`,
        })),
    },
    {
      group: 'Teams',
      items: subjects.teams
        .filter((team) => !exclude?.has(`team:${team.id}`))
        .map((team) => ({ value: `team:${team.id}`, label: `${team.name} (team of ${team.memberCount})` })),
    },
  ].filter((group) => group.items.length > 0);
  return (
    <MultiSelect
      label={label}
      placeholder={value.length ? undefined : 'Search users or teams'}
      description={description}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      hidePickedOptions
      nothingFoundMessage={subjects.loading ? 'Loading members and teams…' : 'No member or team matches'}
      error={error}
      disabled={subjects.loading}
      maxDropdownHeight={280}
      data-autofocus
    />
  );
}
