import type { MantineColor } from '@mantine/core';
import type { HubCard } from '../../api/cards.ts';

export interface CardChip {
  label: string;
  color: MantineColor;
}

/**
 * The chip on a hub seat's card (spec §4.2). Connect-your-account cards whose invite went wrong say
 * so in the chip; the hint under it says what happens next.
 */
export function cardChip(card: Pick<HubCard, 'status' | 'state' | 'connectedAccountId'>): CardChip {
  switch (card.status) {
    case 'claim_your_invite':
      return { label: 'Claim your invite', color: 'blue' };
    case 'connect_your_account':
      if (card.state === 'invite_failed') return { label: 'Invite failed', color: 'red' };
      if (card.state === 'invite_expired') return { label: 'Invite expired', color: 'orange' };
      return { label: 'Connect your account', color: 'yellow' };
    case 'ready':
      if (card.connectedAccountId) return { label: 'Connected', color: 'green' };
      if (card.state === 'sso') return { label: 'Single sign-on', color: 'green' };
      return { label: 'Managed outside Latchkey', color: 'gray' };
    case 'hub_only':
      return { label: 'Hub access only', color: 'gray' };
    case 'disabled':
      return { label: 'Disabled account', color: 'gray' };
    default:
      return { label: card.status, color: 'gray' };
  }
}
