import { Anchor, Badge, Button, Stack, Table, Text } from '@mantine/core';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactElement } from 'react';
import { useCollections } from '../api/collections.ts';
import { useSession } from '../api/session.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { TableSkeleton } from '../components/table-skeleton.tsx';
import { CreateCollectionModal } from '../features/collections/create-collection-modal.tsx';

/** Collections (spec §3.7): folders of business hubs shared as a unit, each hub with a fixed app role. */
export function CollectionsPage(): ReactElement {
  const { member } = useSession();
  const collections = useCollections();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const canCreate = member.role !== 'guest' && member.role !== 'login_only';
  const rows = collections.data ?? [];

  return (
    <>
      <PageHeader
        title="Collections"
        description="Group business hubs and share them as one. People who get a collection claim a seat on each hub when they’re ready, with the app role fixed for it."
        actions={canCreate && <Button onClick={() => setCreating(true)}>New collection</Button>}
      />
      <Stack gap="md">
        {collections.isError && <ProblemAlert error={collections.error} title="Couldn’t load collections" />}
        {collections.isPending && <TableSkeleton rows={3} />}
        {collections.isSuccess && rows.length === 0 && (
          <EmptyState title="No collections yet" {...(canCreate ? { action: { label: 'New collection', onClick: () => setCreating(true) } } : {})}>
            A collection holds business hubs, each with the app role and assets its people get. Share it with members or teams: each
            person claims their invite when they need the seat.
          </EmptyState>
        )}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing="sm" highlightOnHover aria-label="Collections">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Your role</Table.Th>
                  <Table.Th>Business hubs</Table.Th>
                  <Table.Th>Shared with</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((collection) => (
                  <Table.Tr key={collection.id}>
                    <Table.Td>
                      <Anchor fw={500} size="sm" renderRoot={(props) => <Link to="/collections/$collectionId" params={{ collectionId: collection.id }} {...props} />}>
                        {collection.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" radius="sm" tt="none" color={collection.myRole === 'owner' ? 'indigo' : 'cyan'}>
                        {collection.myRole === 'owner' ? 'Owner' : 'Collaborator'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{collection.hubs.length ? collection.hubs.map((hub) => hub.label).join(', ') : '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {collection.myRole === 'owner' ? (collection.grants.length === 1 ? '1 person or team' : `${collection.grants.length} people or teams`) : '—'}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
      {creating && (
        <CreateCollectionModal
          onClose={() => setCreating(false)}
          onCreated={(collection) => {
            setCreating(false);
            void navigate({ to: '/collections/$collectionId', params: { collectionId: collection.id } });
          }}
        />
      )}
    </>
  );
}
