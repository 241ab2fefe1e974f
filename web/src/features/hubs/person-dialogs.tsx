import { Anchor, Button, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import { fieldErrorsByKey } from '../../api/api-error.ts';
import type { Hub, HubMember } from '../../api/hub-types.ts';
import { useHubMemberAction, useHubMembers } from '../../api/hubs.ts';
import { useMemberOptions } from '../../api/members.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { memberName } from '../../lib/labels.ts';
import { serverWords } from './server-words.ts';

interface PersonDialogProps {
  hub: Hub;
  person: HubMember;
  onClose: () => void;
}

type MatchRole = 'owner' | 'collaborator';

const MATCH_ROLE_WORDS: Record<MatchRole, string> = {
  owner: 'Manages the hub: its people, settings and service account. Use it for yourself when your app email differs.',
  collaborator: 'Logs in to the app through Latchkey with their own seat; manages nothing.',
};

/** "Match user" (spec §5.6, T28): link an unmatched person in the app to a member, as Owner or Collaborator. */
export function MatchUserModal({ hub, person, onClose }: PersonDialogProps): ReactElement {
  const action = useHubMemberAction(hub.id);
  const members = useMemberOptions();
  const everyone = useHubMembers(hub.id, 'all');
  const [memberId, setMemberId] = useState('');
  const [role, setRole] = useState<MatchRole>('collaborator');
  const [touched, setTouched] = useState(false);

  const linked = new Set((everyone.data ?? []).filter((row) => row.memberId && row.state !== 'removed').map((row) => row.memberId));
  const candidates = (members.data ?? []).filter((member) => member.status !== 'disabled' && !linked.has(member.id));
  const chosen = candidates.find((member) => member.id === memberId);
  const ownerBlocked = chosen ? chosen.role === 'guest' || chosen.role === 'login_only' : false;
  const effectiveRole: MatchRole = ownerBlocked ? 'collaborator' : role;
  const fieldError = fieldErrorsByKey(action.error)['memberId'];

  const submit = (): void => {
    setTouched(true);
    if (!chosen) return;
    action.mutate(
      { kind: 'match', hubMemberId: person.id, memberId: chosen.id, role: effectiveRole },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'User matched',
            message: `${person.externalEmail} in ${hub.appName} is now linked to ${memberName(chosen)}, as ${effectiveRole === 'owner' ? 'Owner' : 'Collaborator'}.`,
          });
          onClose();
        },
      },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={`Match ${person.externalEmail}`} size="lg">
      <Stack gap="sm">
        <ProblemAlert error={action.error ?? members.error} title="Couldn’t match this person" messages={serverWords(action.error)} />
        <Text size="sm">
          Link this person in {hub.appName} to a member of your workspace. Nothing changes in the app: they keep their seat and roles,
          and Latchkey manages their access from now on.
        </Text>
        <NativeSelect
          label="Member"
          data={[
            { value: '', label: members.isPending ? 'Loading members…' : 'Choose a member' },
            ...candidates.map((member) => ({ value: member.id, label: `${memberName(member)} (${member.email})` })),
          ]}
          value={memberId}
          onChange={(event) => setMemberId(event.currentTarget.value)}
          disabled={members.isPending}
          error={(touched && !chosen ? 'Choose who this person is.' : undefined) ?? fieldError}
          data-autofocus
        />
        {members.isSuccess && candidates.length === 0 && (
          <Text size="sm" c="dimmed">
            Every member is already linked on this hub.{' '}
            <Anchor size="sm" renderRoot={(props) => <Link to="/members" {...props} />}>
              Invite the person to the workspace
            </Anchor>{' '}
            first, then match them.
          </Text>
        )}
        <NativeSelect
          label="Hub role"
          data={[
            { value: 'collaborator', label: 'Collaborator' },
            { value: 'owner', label: 'Owner', disabled: ownerBlocked },
          ]}
          value={effectiveRole}
          onChange={(event) => setRole(event.currentTarget.value as MatchRole)}
          description={`${ownerBlocked ? 'Guests and login-only members can only be Collaborators. ' : ''}${MATCH_ROLE_WORDS[effectiveRole]}`}
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={action.isPending}>
            Cancel
          </Button>
          <Button onClick={submit} loading={action.isPending} disabled={action.isPending || members.isPending}>
            Match user
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

/** "Exempt" (T30): leave the person in the app, unmanaged, with a reason everyone can read later. */
export function ExemptModal({ hub, person, onClose }: PersonDialogProps): ReactElement {
  const action = useHubMemberAction(hub.id);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const missing = !reason.trim();

  const submit = (): void => {
    setTouched(true);
    if (missing) return;
    action.mutate(
      { kind: 'exempt', hubMemberId: person.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', title: 'Exempted', message: `${person.externalEmail} stays in ${hub.appName}, unmanaged by Latchkey.` });
          onClose();
        },
      },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={`Exempt ${person.externalEmail}`}>
      <Stack gap="sm">
        <ProblemAlert error={action.error} title="Couldn’t exempt this person" messages={serverWords(action.error)} />
        <Text size="sm">
          This person stays in {hub.appName} and Latchkey stops flagging them. You can move them back to Unmatched at any time.
        </Text>
        <Textarea
          label="Reason"
          description="Why this person stays unmanaged, e.g. “Agency’s shared login, owned by Acme Media”."
          required
          autosize
          minRows={2}
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          error={touched && missing ? 'Say why this person is exempted.' : undefined}
          data-autofocus
        />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={action.isPending}>
            Cancel
          </Button>
          <Button onClick={submit} loading={action.isPending} disabled={action.isPending}>
            Exempt
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}

/** "Remove" (T29): queues `remove_user`, which takes the person's seat away inside the app. */
export function RemoveUnmatchedModal({ hub, person, onClose }: PersonDialogProps): ReactElement {
  const action = useHubMemberAction(hub.id);
  const submit = (): void => {
    action.mutate(
      { kind: 'remove', hubMemberId: person.id },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            title: 'Removal queued',
            message: `Latchkey is removing ${person.externalEmail} from ${hub.appName}. Follow it on the Automation tab.`,
          });
          onClose();
        },
      },
    );
  };
  return (
    <AppModal opened onClose={onClose} title={`Remove ${person.externalEmail} from ${hub.appName}?`}>
      <Stack gap="sm">
        <ProblemAlert error={action.error} title="Couldn’t remove this person" messages={serverWords(action.error)} />
        <Text size="sm">
          Latchkey removes this person’s seat and permissions inside {hub.appName} (or cancels their pending invite). It runs as a job:
          the row shows “Awaiting deprovisioning” until the app confirms, then “Removed”.
        </Text>
        <Text size="sm" c="dimmed">
          If they should stay, exempt them instead; if they are one of your members, match them.
        </Text>
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose} disabled={action.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={submit} loading={action.isPending} disabled={action.isPending}>
            Remove
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
