import { Anchor, Badge, Button, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import { hasCode } from '../api/api-error.ts';
import { useHubCards, type HubCard } from '../api/cards.ts';
import { useCollection } from '../api/collections.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { ClaimDialog } from '../features/claims/claim-dialog.tsx';
import { AddToCollectionModal } from '../features/collections/add-to-collection-modal.tsx';
import { cardChip } from '../features/connect/card-status.ts';
import { ShareCollectionForm } from '../features/collections/share-collection-form.tsx';
import { useSubjects } from '../features/shares/subject-picker.tsx';
import { humanize } from '../lib/labels.ts';

/** One collection: its hubs (each with the app role fixed for it) and, for Owners, who holds it. */
export function CollectionDetailPage({ collectionId }: { collectionId: string }): ReactElement {
  const collection = useCollection(collectionId);
  const [chosen, setChosen] = useState<string[]>([]);
  const subjects = useSubjects(chosen);
  const [adding, setAdding] = useState(false);
  const cards = useHubCards();
  const [claiming, setClaiming] = useState<HubCard | null>(null);
  const cardOf = (hubId: string): HubCard | undefined => cards.data?.find((card) => card.hubId === hubId);

  const backLink = (
    <Anchor size="sm" renderRoot={(props) => <Link to="/collections" {...props} />}>
      ← Collections
    </Anchor>
  );
  if (collection.isPending) {
    return (
      <Stack aria-busy="true" aria-label="Loading the collection">
        {backLink}
        <Skeleton height={36} width={320} />
        <Skeleton height={200} />
      </Stack>
    );
  }
  if (collection.isError) {
    return (
      <Stack>
        {backLink}
        {hasCode(collection.error, 'not_found') ? (
          <EmptyState title="Collection not found">It was deleted, or it isn’t shared with you. Ask its Owner for access.</EmptyState>
        ) : (
          <ProblemAlert error={collection.error} title="Couldn’t load the collection" />
        )}
      </Stack>
    );
  }

  const data = collection.data;
  const isOwner = data.myRole === 'owner';
  return (
    <>
      {backLink}
      <PageHeader
        title={data.name}
        description={
          isOwner
            ? 'Hubs here are shared as one. Everyone holding the collection claims a seat on each hub, with the app role and assets fixed below.'
            : 'You hold this collection as a Collaborator: claim each hub’s invite from its card on All accounts.'
        }
        actions={isOwner && <Button onClick={() => setAdding(true)}>Add to Collection</Button>}
      />
      <Stack gap="xl">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Business hubs
          </Title>
          {data.hubs.length === 0 ? (
            <EmptyState title="No business hubs yet" {...(isOwner ? { action: { label: 'Add to Collection', onClick: () => setAdding(true) } } : {})}>
              Add hubs you own. You fix the app role and assets each one gives; people claim their seats when they need them.
            </EmptyState>
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table verticalSpacing="sm" aria-label={`Business hubs in ${data.name}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Hub</Table.Th>
                    <Table.Th>App role</Table.Th>
                    <Table.Th>Assets</Table.Th>
                    <Table.Th>Your seat</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.hubs.map((hub) => (
                    <Table.Tr key={hub.hubId}>
                      <Table.Td>
                        <Anchor size="sm" fw={500} renderRoot={(props) => <Link to="/hubs/$hubId" params={{ hubId: hub.hubId }} {...props} />}>
                          {hub.label}
                        </Anchor>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{hub.appRoleKeys.length ? hub.appRoleKeys.map(humanize).join(', ') : 'The app’s default'}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{hub.assets === 0 ? 'None' : hub.assets === 1 ? '1 asset' : `${hub.assets} assets`}</Text>
                      </Table.Td>
                      <Table.Td>
                        <YourSeat card={cardOf(hub.hubId)} onClaim={setClaiming} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>

        {isOwner && (
          <Stack gap="sm">
            <Title order={2} size="h4">
              Shared with
            </Title>
            <Table.ScrollContainer minWidth={420}>
              <Table verticalSpacing="sm" aria-label={`People and teams holding ${data.name}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Person or team</Table.Th>
                    <Table.Th>Role</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.grants.map((grant) => (
                    <Table.Tr key={grant.id}>
                      <Table.Td>
                        <Group gap={6}>
                          <Text size="sm">{subjects.nameOf(`${grant.subjectType === 'team' ? 'team' : 'user'}:${grant.subjectId}`)}</Text>
                          {grant.subjectType === 'team' && (
                            <Badge size="xs" variant="outline" color="gray" tt="none">
                              Team
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{grant.role === 'owner' ? 'Owner' : grant.role === 'collaborator' ? 'Collaborator' : humanize(grant.role)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ShareCollectionForm collection={data} subjects={subjects} chosen={chosen} onChosen={setChosen} />
          </Stack>
        )}
      </Stack>
      {adding && <AddToCollectionModal collection={data} onClose={() => setAdding(false)} />}
      {claiming && <ClaimDialog card={claiming} onClose={() => setClaiming(null)} />}
    </>
  );
}

/** Where the viewer stands on one of the collection's hubs, with "Claim your invite" while it waits for them. */
function YourSeat({ card, onClaim }: { card: HubCard | undefined; onClaim: (card: HubCard) => void }): ReactElement {
  if (!card) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  const chip = cardChip(card);
  const claimable = card.status === 'claim_your_invite' || card.status === 'hub_only';
  return (
    <Group gap="xs" wrap="nowrap">
      <Badge color={chip.color} variant="light" radius="sm" tt="none">
        {chip.label}
      </Badge>
      {claimable && (
        <Button size="xs" variant={card.status === 'hub_only' ? 'subtle' : 'filled'} onClick={() => onClaim(card)}>
          {card.status === 'hub_only' ? 'Claim a seat' : 'Claim'}
        </Button>
      )}
    </Group>
  );
}
