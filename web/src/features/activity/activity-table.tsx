import { Code, Table, Text, Tooltip } from '@mantine/core';
import type { ReactElement } from 'react';
import type { ActivityEvent } from '../../api/types.ts';
import { actorLabel, eventTypeLabel, targetLabel } from '../../lib/event-types.ts';
import { formatDateTime } from '../../lib/format.ts';

export function ActivityTable({ events }: { events: ActivityEvent[] }): ReactElement {
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Target</Table.Th>
            <Table.Th>IP</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }} title={`#${event.seq} · ${event.at}`}>
                  {formatDateTime(event.at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{actorLabel(event.actor)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {eventTypeLabel(event.type)}
                </Text>
                <Code fz="xs" c="dimmed" bg="transparent" p={0}>
                  {event.type}
                </Code>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{targetLabel(event.target)}</Text>
              </Table.Td>
              <Table.Td>
                {event.ip ? (
                  <Tooltip label={event.userAgent ?? 'Unknown browser'} disabled={!event.userAgent} withinPortal>
                    <Text size="sm" ff="monospace">
                      {event.ip}
                    </Text>
                  </Tooltip>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
