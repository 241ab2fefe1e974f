import { ActionIcon, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactElement } from 'react';
import { useMemberAction, type MemberAction } from '../../api/members.ts';
import { problemMessage } from '../../api/problem-messages.ts';
import type { Member } from '../../api/types.ts';
import { memberName } from '../../lib/labels.ts';

export interface MemberRowMenuProps {
  member: Member;
  isSelf: boolean;
  onChangeRole: (member: Member) => void;
}

const DONE: Record<MemberAction, (name: string, email: string) => string> = {
  'resend-invite': (_name, email) => `A new invitation was sent to ${email}.`,
  disable: (name) => `${name} is disabled and can no longer sign in.`,
  enable: (name) => `${name} can sign in again.`,
};

const FAILED_TITLE: Record<MemberAction, string> = {
  'resend-invite': 'Couldn’t resend the invite',
  disable: 'Couldn’t disable the member',
  enable: 'Couldn’t enable the member',
};

/** Admin actions for one member. The Owner and yourself can't be re-roled or disabled here. */
export function MemberRowMenu({ member, isSelf, onChangeRole }: MemberRowMenuProps): ReactElement | null {
  const action = useMemberAction();
  const name = memberName(member);
  const protectedRow = isSelf || member.role === 'owner';
  const canResend = member.status === 'pending';
  const canDisable = !protectedRow && member.status !== 'disabled';
  const canEnable = !protectedRow && member.status === 'disabled';
  if (protectedRow && !canResend) return null;

  const run = (kind: MemberAction): void => {
    action.mutate(
      { id: member.id, action: kind },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: DONE[kind](name, member.email) }),
        onError: (error) => notifications.show({ color: 'red', title: FAILED_TITLE[kind], message: problemMessage(error) }),
      },
    );
  };

  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`} loading={action.isPending}>
          <span aria-hidden="true">•••</span>
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {!protectedRow && <Menu.Item onClick={() => onChangeRole(member)}>Change role</Menu.Item>}
        {canResend && <Menu.Item onClick={() => run('resend-invite')}>Resend invite</Menu.Item>}
        {canDisable && (
          <Menu.Item color="red" onClick={() => run('disable')}>
            Disable
          </Menu.Item>
        )}
        {canEnable && <Menu.Item onClick={() => run('enable')}>Enable</Menu.Item>}
      </Menu.Dropdown>
    </Menu>
  );
}
