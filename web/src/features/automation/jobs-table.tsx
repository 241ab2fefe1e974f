import { Anchor, Badge, Group, Stack, Table, Text } from '@mantine/core';
import type { ReactElement } from 'react';
import type { Job } from '../../api/hub-types.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { JobStatusChip } from '../hubs/hub-chips.tsx';
import { triggerLabel } from '../hubs/hub-labels.ts';
import { actorName, duration, targetName, type JobNames } from './job-words.ts';

export interface JobsTableProps {
  jobs: Job[];
  names: JobNames;
  onOpen: (job: Job) => void;
  /** Leave out the target column on a hub's own page, where every job is about that hub. */
  showTarget?: boolean;
}

/** The Automation log: one row per job, its status live, its error with what to do about it. */
export function JobsTable({ jobs, names, onOpen, showTarget = true }: JobsTableProps): ReactElement {
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" highlightOnHover aria-label="Automation jobs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Task</Table.Th>
            {showTarget && <Table.Th>Target</Table.Th>}
            <Table.Th>Status</Table.Th>
            <Table.Th>Trigger</Table.Th>
            <Table.Th>Started by</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Error</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((job) => {
            const took = duration(job);
            return (
              <Table.Tr key={job.id} data-job-id={job.id}>
                <Table.Td miw={170}>
                  <Stack gap={2} align="flex-start">
                    <Anchor component="button" type="button" size="sm" fw={500} ta="left" onClick={() => onOpen(job)} aria-haspopup="dialog">
                      {job.taskLabel}
                    </Anchor>
                    {job.parentId && (
                      <Badge size="xs" variant="outline" color="gray" tt="none">
                        Part of a larger job
                      </Badge>
                    )}
                  </Stack>
                </Table.Td>
                {showTarget && (
                  <Table.Td>
                    <Text size="sm">{targetName(job, names)}</Text>
                  </Table.Td>
                )}
                <Table.Td miw={140}>
                  <Stack gap={2} align="flex-start">
                    <JobStatusChip status={job.status} />
                    {job.attempt > 1 && (
                      <Text size="xs" c="dimmed">
                        Attempt {job.attempt} of {job.maxAttempts}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{triggerLabel(job.trigger)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{actorName(job, names)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(job.createdAt)} style={{ whiteSpace: 'nowrap' }}>
                    {formatRelative(job.createdAt)}
                  </Text>
                  {took && (
                    <Text size="xs" c="dimmed">
                      took {took}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td maw={320}>
                  {job.error ? (
                    <Stack gap={2}>
                      <Group gap={6}>
                        <Text size="sm" fw={600} c="red.8" ff="monospace">
                          {job.error.code}
                        </Text>
                      </Group>
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {job.error.remedy}
                      </Text>
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
