import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import type { HubCard } from '../../api/cards.ts';
import classes from '../accounts/account-card.module.css';
import { AppLogo } from './app-logo.tsx';
import { cardChip } from './card-status.ts';

export interface HubSeatCardProps {
  card: HubCard;
  onConnect: (card: HubCard) => void;
  onLogIn: (card: HubCard) => void;
  onClaim: (card: HubCard) => void;
}

/**
 * A hub seat on "All accounts" (spec §4.2): the app, the hub, the status chip with its hint, and the
 * one thing to do now. A "Connect your account" card is one click target that opens the dialog.
 */
export function HubSeatCard({ card, onConnect, onLogIn, onClaim }: HubSeatCardProps): ReactElement {
  const chip = cardChip(card);
  const connect = card.status === 'connect_your_account';
  const name = `${card.appName} – ${card.hubLabel}`;
  return (
    <Paper withBorder radius="md" p="md" className={classes.card} component="article" aria-label={name} data-testid="hub-card" data-status={card.status}>
      <Stack gap="sm" h="100%" justify="space-between">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <AppLogo svg={card.logo} />
          <Stack gap={2} style={{ minWidth: 0 }}>
            {connect ? (
              <Anchor component="button" type="button" fw={600} c="inherit" underline="never" className={classes.link} ta="left" onClick={() => onConnect(card)}>
                {card.appName}
              </Anchor>
            ) : (
              <Text fw={600}>{card.appName}</Text>
            )}
            <Text size="sm" c="dimmed" truncate="end" title={card.hubLabel}>
              {card.hubLabel}
            </Text>
            {card.hint && (
              <Text size="sm" data-testid="card-hint">
                {card.hint}
              </Text>
            )}
          </Stack>
        </Group>
        <Group justify="space-between" gap="xs" wrap="wrap" align="center">
          <Badge color={chip.color} variant="light" radius="sm" tt="none" data-testid="card-status">
            {chip.label}
          </Badge>
          <CardAction card={card} onConnect={onConnect} onLogIn={onLogIn} onClaim={onClaim} />
        </Group>
      </Stack>
    </Paper>
  );
}

function CardAction({ card, onConnect, onLogIn, onClaim }: HubSeatCardProps): ReactElement | null {
  // Buttons sit above the card's click overlay.
  const style = { position: 'relative', zIndex: 1 } as const;
  switch (card.status) {
    case 'connect_your_account':
      return (
        <Button size="xs" style={style} onClick={() => onConnect(card)}>
          Connect
        </Button>
      );
    case 'claim_your_invite':
      return (
        <Button size="xs" style={style} onClick={() => onClaim(card)}>
          Claim
        </Button>
      );
    case 'ready':
      return card.connectedAccountId ? (
        <Group gap="xs" style={style}>
          <Anchor size="xs" renderRoot={(props) => <Link to="/accounts/$accountId" params={{ accountId: card.connectedAccountId ?? '' }} {...props} />}>
            Details
          </Anchor>
          <Button size="xs" onClick={() => onLogIn(card)}>
            Log in
          </Button>
        </Group>
      ) : (
        <Button size="xs" variant="light" component="a" href={card.loginUrl} target="_blank" rel="noopener noreferrer" style={style}>
          Open {card.appName}
        </Button>
      );
    case 'hub_only':
      // Owners who skipped the invite keep oversight, and can still claim a seat (spec §5.8).
      return (
        <Group gap="xs" style={style}>
          <Button size="xs" variant="subtle" onClick={() => onClaim(card)}>
            Claim your invite
          </Button>
          <Button size="xs" variant="default" component="a" href={`/hubs/${encodeURIComponent(card.hubId)}`}>
            View members
          </Button>
        </Group>
      );
    default:
      return null;
  }
}
