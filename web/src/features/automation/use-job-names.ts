import { useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { HubMember } from '../../api/hub-types.ts';
import { useHubs } from '../../api/hubs.ts';
import { useMemberOptions } from '../../api/members.ts';
import { useSession } from '../../api/session.ts';
import type { JobNames } from './job-words.ts';

/**
 * Hub labels and member names for the Automation tables, from lists the app already caches. People
 * on a hub are named only when one of that hub's Users tables was loaded: a job about one person
 * otherwise shows its hub, never an extra request per row.
 */
export function useJobNames(): JobNames {
  const { member } = useSession();
  const hubs = useHubs();
  const members = useMemberOptions();
  const queryClient = useQueryClient();
  const people = new Map<string, string>();
  for (const [key, rows] of queryClient.getQueriesData<HubMember[]>({ queryKey: ['hubs', 'detail'] })) {
    if (key[3] !== 'members' || !rows) continue;
    for (const row of rows) people.set(row.id, row.externalEmail);
  }
  const peopleKey = [...people.keys()].join();
  return useMemo(
    () => ({
      selfId: member.id,
      hubs: new Map((hubs.data ?? []).map((hub) => [hub.id, hub])),
      members: new Map((members.data ?? []).map((person) => [person.id, person])),
      people,
    }),
    // `people` is rebuilt on every render; its ids say whether it changed.
    [member.id, hubs.data, members.data, peopleKey],
  );
}
