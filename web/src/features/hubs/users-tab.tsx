import { Badge, Stack, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { problemMessage } from '../../api/problem-messages.ts';
import { USERS_TABS, type Hub, type HubMember, type UsersTab } from '../../api/hub-types.ts';
import { useHubAppRoles, useHubMemberAction, useHubMembers } from '../../api/hubs.ts';
import { useResendHubInvite } from '../../api/shares.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { TableSkeleton } from '../../components/table-skeleton.tsx';
import { USERS_TAB_DESCRIPTIONS, USERS_TAB_LABELS } from './hub-labels.ts';
import { HubMembersTable, type PersonAction } from './hub-members-table.tsx';
import { ExemptModal, MatchUserModal, RemoveUnmatchedModal } from './person-dialogs.tsx';
import { RemoveUserModal, UpdateRoleModal } from '../shares/person-access-dialogs.tsx';

export interface UsersTabProps {
  hub: Hub;
  tab: UsersTab;
  onTabChange: (tab: UsersTab) => void;
  canManage: boolean;
  /** Opens the Teams tab, for people whose access comes through a team. */
  onOpenTeams?: () => void;
}

function emptyWords(tab: UsersTab, hub: Hub): { title: string; body: string } {
  const app = hub.appName;
  switch (tab) {
    case 'unmatched':
      return {
        title: 'No unmatched people',
        body: `Everyone Latchkey found in ${app} is linked to a member, exempted or removed. People the next sync can’t match will show up here.`,
      };
    case 'onboarded':
      return {
        title: 'No one is linked yet',
        body: `People whose email in ${app} matches a member are linked on every sync. Link the others from the Unmatched tab with “Match user”.`,
      };
    case 'guests':
      return { title: 'No guests', body: `Workspace guests with access to this hub, and guest or partner users in ${app}, appear here.` };
    case 'exempted':
      return {
        title: 'No exempted people',
        body: 'Exempt unmatched people who should stay in the app unmanaged, such as an agency’s shared login. You’ll find them under Unmatched.',
      };
    default:
      if (hub.health === 'review_service_account' || hub.health === 'review_configuration') {
        return {
          title: 'No people imported yet',
          body: `Latchkey can’t read ${app} until the problem above is fixed. People appear here after the next successful sync.`,
        };
      }
      return hub.health === 'under_validation' || !hub.lastSyncedAt
        ? { title: 'No people imported yet', body: `Latchkey imports everyone in ${app} once it has validated the hub. This list fills in by itself.` }
        : { title: `No one found in ${app}`, body: `The last sync found nobody in this space. Add people in ${app}, then use “Check for updates”.` };
  }
}

/** The Users tab (spec §5.6): filter tabs All / Onboarded / Guests / Unmatched / Exempted and the unmatched actions. */
export function UsersTabPanel({ hub, tab, onTabChange, canManage, onOpenTeams }: UsersTabProps): ReactElement {
  const people = useHubMembers(hub.id, tab);
  const unmatched = useHubMembers(hub.id, 'unmatched');
  const roles = useHubAppRoles(hub.id);
  const quick = useHubMemberAction(hub.id);
  const resend = useResendHubInvite(hub.id);
  const [dialog, setDialog] = useState<{ action: Exclude<PersonAction, 'unexempt' | 'resend_invite'>; person: HubMember } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const roleLabels = new Map((roles.data ?? []).map((role) => [role.key, role.label]));
  const unmatchedCount = unmatched.data?.length ?? 0;
  const openTeams = onOpenTeams
    ? (): void => {
        setDialog(null);
        onOpenTeams();
      }
    : undefined;
  const rows = people.data ?? [];

  const onAction = (action: PersonAction, person: HubMember): void => {
    if (action === 'resend_invite') {
      setBusyId(person.id);
      resend.mutate(
        { hubMemberId: person.id },
        {
          onSuccess: () => notifications.show({ color: 'teal', message: `A new invite to ${hub.appName} is on its way to ${person.externalEmail}.` }),
          onError: (error) => notifications.show({ color: 'red', title: 'Couldn’t resend the invite', message: problemMessage(error) }),
          onSettled: () => setBusyId(null),
        },
      );
      return;
    }
    if (action !== 'unexempt') {
      setDialog({ action, person });
      return;
    }
    setBusyId(person.id);
    quick.mutate(
      { kind: 'unexempt', hubMemberId: person.id },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: `${person.externalEmail} is back under Unmatched.` }),
        onError: (error) => notifications.show({ color: 'red', title: 'Couldn’t move this person', message: problemMessage(error) }),
        onSettled: () => setBusyId(null),
      },
    );
  };

  const empty = emptyWords(tab, hub);
  return (
    <Stack gap="md">
      <Tabs value={tab} onChange={(value) => value && onTabChange(value as UsersTab)} variant="pills" keepMounted={false}>
        <Tabs.List aria-label="Filter people">
          {USERS_TABS.map((value) => (
            <Tabs.Tab
              key={value}
              value={value}
              rightSection={
                value === 'unmatched' && unmatchedCount > 0 ? (
                  <Badge size="sm" color="orange" variant={tab === 'unmatched' ? 'white' : 'light'} circle aria-label={`${unmatchedCount} unmatched`}>
                    {unmatchedCount}
                  </Badge>
                ) : undefined
              }
            >
              {USERS_TAB_LABELS[value]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Text size="sm" c="dimmed">
        {USERS_TAB_DESCRIPTIONS[tab]}
      </Text>
      {people.isError && <ProblemAlert error={people.error} title="Couldn’t load people" />}
      {people.isPending && <TableSkeleton rows={4} />}
      {people.isSuccess && rows.length === 0 && <EmptyState title={empty.title}>{empty.body}</EmptyState>}
      {rows.length > 0 && (
        <HubMembersTable tab={tab} people={rows} appName={hub.appName} roleLabels={roleLabels} canManage={canManage} busyId={busyId} onAction={onAction} />
      )}
      {dialog?.action === 'match' && <MatchUserModal hub={hub} person={dialog.person} onClose={() => setDialog(null)} />}
      {dialog?.action === 'exempt' && <ExemptModal hub={hub} person={dialog.person} onClose={() => setDialog(null)} />}
      {dialog?.action === 'remove' && <RemoveUnmatchedModal hub={hub} person={dialog.person} onClose={() => setDialog(null)} />}
      {dialog?.action === 'update_role' && <UpdateRoleModal hub={hub} person={dialog.person} onClose={() => setDialog(null)} onOpenTeams={openTeams} />}
      {dialog?.action === 'remove_user' && <RemoveUserModal hub={hub} person={dialog.person} onClose={() => setDialog(null)} onOpenTeams={openTeams} />}
    </Stack>
  );
}
