import { Button, Group } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { useSession } from '../api/session.ts';
import { invitableRoles } from '../lib/permissions.ts';

/** What a person can do today while a feature area is still empty: invite people, organise teams. */
export function NextSteps(): ReactElement {
  const { member } = useSession();
  const canInvite = invitableRoles(member.role).length > 0;
  const canCreateTeams = member.role !== 'login_only' && member.role !== 'guest';
  return (
    <Group justify="center" mt="xs">
      {canInvite && <Button renderRoot={(props) => <Link to="/members" {...props} />}>Invite members</Button>}
      {canCreateTeams && (
        <Button variant="default" renderRoot={(props) => <Link to="/teams" {...props} />}>
          Set up teams
        </Button>
      )}
      {!canInvite && !canCreateTeams && (
        <Button variant="default" renderRoot={(props) => <Link to="/settings" {...props} />}>
          Secure your sign-in
        </Button>
      )}
    </Group>
  );
}
