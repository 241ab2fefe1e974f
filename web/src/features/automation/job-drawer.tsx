import { Alert, Anchor, Box, Button, Drawer, Group, Progress, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import type { ReactElement, ReactNode } from 'react';
import { hasCode } from '../../api/api-error.ts';
import type { Job, JobDetail } from '../../api/hub-types.ts';
import { useJob, useJobAction, type JobAction } from '../../api/jobs.ts';
import { EmptyState } from '../../components/empty-state.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { JobStatusChip } from '../hubs/hub-chips.tsx';
import { ACTIVE_JOB_STATUSES, triggerLabel } from '../hubs/hub-labels.ts';
import { serverWords } from '../hubs/server-words.ts';
import { actorName, duration, resultRows, targetName, type JobNames } from './job-words.ts';

export interface JobDrawerProps {
  jobId: string | null;
  names: JobNames;
  onOpen: (jobId: string) => void;
  onClose: () => void;
}

const DONE: Record<JobAction, string> = {
  retry: 'The job is queued again. Follow it here.',
  cancel: 'The job is cancelled; nothing more will run for it.',
};

/** One job in full: progress, what failed and what to do, its result, its children; retry or cancel. */
export function JobDrawer({ jobId, names, onOpen, onClose }: JobDrawerProps): ReactElement {
  const job = useJob(jobId);
  return (
    <Drawer opened={Boolean(jobId)} onClose={onClose} position="right" size="lg" title="Job details" padding="lg">
      {job.isPending && jobId && (
        <Stack aria-busy="true" aria-label="Loading the job">
          <Skeleton height={28} width="60%" />
          <Skeleton height={18} width="30%" />
          <Skeleton height={160} />
        </Stack>
      )}
      {job.isError &&
        (hasCode(job.error, 'not_found') ? (
          <EmptyState title="Job not found">
            This job isn’t visible to you: you see your own jobs and those of hubs you own or manage.
          </EmptyState>
        ) : (
          <ProblemAlert error={job.error} title="Couldn’t load the job" />
        ))}
      {job.data && <JobBody job={job.data} names={names} onOpen={onOpen} />}
    </Drawer>
  );
}

function JobBody({ job, names, onOpen }: { job: JobDetail; names: JobNames; onOpen: (jobId: string) => void }): ReactElement {
  const action = useJobAction();
  const active = ACTIVE_JOB_STATUSES.has(job.status);
  const canCancel = job.status === 'queued' || job.status === 'retrying';
  const canRetry = job.status === 'not_completed' && job.canRetry;
  const took = duration(job);
  const rows = resultRows(job.result);
  const childrenDone = job.children.filter((child) => ['completed', 'not_completed', 'cancelled'].includes(child.status)).length;

  const run = (kind: JobAction): void => {
    action.mutate(
      { jobId: job.id, action: kind },
      { onSuccess: () => notifications.show({ color: 'teal', message: DONE[kind] }) },
    );
  };

  return (
    <Stack gap="md">
      <Stack gap={6}>
        <Title order={2} size="h3">
          {job.taskLabel}
        </Title>
        <Group gap="xs">
          <JobStatusChip status={job.status} />
          <Text size="sm" c="dimmed">
            {targetName(job, names)}
          </Text>
        </Group>
      </Stack>

      {(active || job.status === 'queued') && (
        <Stack gap={4}>
          <Progress
            value={job.children.length ? Math.max(5, (childrenDone / job.children.length) * 100) : 100}
            animated
            striped
            color={job.status === 'retrying' ? 'orange' : 'blue'}
            aria-label="Job progress"
          />
          <Text size="xs" c="dimmed">
            {job.status === 'queued' && `Waiting for a worker${Date.parse(job.runAt) > Date.now() ? `; runs ${formatRelative(job.runAt)}` : ''}.`}
            {job.status === 'running' && `Running, attempt ${job.attempt} of ${job.maxAttempts}.`}
            {job.status === 'started' && `${childrenDone} of ${job.children.length} steps done.`}
            {job.status === 'retrying' && `A temporary error; Latchkey tries again ${formatRelative(job.runAt)} (attempt ${job.attempt} of ${job.maxAttempts}).`}
          </Text>
        </Stack>
      )}

      {job.error && (
        <Alert color={job.status === 'retrying' ? 'orange' : 'red'} variant="light" title={job.error.code}>
          <Stack gap={6}>
            {job.error.message && <Text size="sm">{job.error.message}</Text>}
            <Text size="sm">
              <strong>What to do:</strong> {job.error.remedy}
            </Text>
            {job.target.hubId && job.status === 'not_completed' && (
              <Anchor size="sm" renderRoot={(props) => <Link to="/hubs/$hubId" params={{ hubId: job.target.hubId ?? '' }} {...props} />}>
                Open the hub
              </Anchor>
            )}
          </Stack>
        </Alert>
      )}

      <ProblemAlert error={action.error} title="That didn’t work" messages={serverWords(action.error)} />
      {(canRetry || canCancel) && (
        <Group gap="sm">
          {canRetry && (
            <Button onClick={() => run('retry')} loading={action.isPending && action.variables.action === 'retry'} disabled={action.isPending}>
              Retry
            </Button>
          )}
          {canCancel && (
            <Button variant="outline" color="red" onClick={() => run('cancel')} loading={action.isPending && action.variables.action === 'cancel'} disabled={action.isPending}>
              Cancel job
            </Button>
          )}
        </Group>
      )}
      {job.status === 'not_completed' && !job.canRetry && (
        <Text size="sm" c="dimmed">
          This job can’t be retried as it is: fix the cause above, then run the action again.
        </Text>
      )}

      <Box component="dl" m={0}>
        <Row label="Task">{job.task}</Row>
        <Row label="Trigger">{triggerLabel(job.trigger)}</Row>
        <Row label="Started by">{actorName(job, names)}</Row>
        <Row label="Attempts">
          {job.attempt} of {job.maxAttempts}
        </Row>
        <Row label="Created">{formatDateTime(job.createdAt)}</Row>
        <Row label="Started">{formatDateTime(job.startedAt)}</Row>
        <Row label="Finished">
          {formatDateTime(job.finishedAt)}
          {took ? ` (took ${took})` : ''}
        </Row>
        <Row label="Job ID">
          <Text span size="sm" ff="monospace">
            {job.id}
          </Text>
        </Row>
      </Box>

      {job.parentId && (
        <Text size="sm">
          Part of a larger job.{' '}
          <Anchor component="button" type="button" size="sm" onClick={() => onOpen(job.parentId ?? '')}>
            Open the parent job
          </Anchor>
        </Text>
      )}

      {rows.length > 0 && (
        <Stack gap={4}>
          <Title order={3} size="h5">
            Result
          </Title>
          <Box component="dl" m={0}>
            {rows.map((row) => (
              <Row key={row.label} label={row.label}>
                {row.value}
              </Row>
            ))}
          </Box>
        </Stack>
      )}

      {job.children.length > 0 && <Children jobs={job.children} onOpen={onOpen} />}
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }): ReactElement {
  return (
    <Group gap="md" py={6} wrap="nowrap" align="flex-start" style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Text component="dt" size="sm" c="dimmed" w={150} style={{ flex: '0 0 auto' }}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

function Children({ jobs, onOpen }: { jobs: Job[]; onOpen: (jobId: string) => void }): ReactElement {
  return (
    <Stack gap={4}>
      <Title order={3} size="h5">
        Steps ({jobs.length})
      </Title>
      <Table verticalSpacing={6}>
        <Table.Tbody>
          {jobs.map((child) => (
            <Table.Tr key={child.id}>
              <Table.Td>
                <Anchor component="button" type="button" size="sm" onClick={() => onOpen(child.id)}>
                  {child.taskLabel}
                </Anchor>
                {typeof child.result?.['email'] === 'string' && (
                  <Text size="xs" c="dimmed">
                    {child.result['email']}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <JobStatusChip status={child.status} />
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {child.error?.code ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
