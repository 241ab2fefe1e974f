import { Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import type { JobFilters } from '../api/hub-types.ts';
import { useJobStream } from '../api/job-stream.ts';
import { useJobs } from '../api/jobs.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { LoadMore } from '../components/load-more.tsx';
import { PageHeader } from '../components/page-header.tsx';
import { ProblemAlert } from '../components/problem-alert.tsx';
import { TableSkeleton } from '../components/table-skeleton.tsx';
import { JobDrawer } from '../features/automation/job-drawer.tsx';
import { JobsTable } from '../features/automation/jobs-table.tsx';
import { LiveIndicator } from '../features/automation/live-indicator.tsx';
import { useJobNames } from '../features/automation/use-job-names.ts';
import { JOB_STATUS_OPTIONS, TASK_LABELS } from '../features/hubs/hub-labels.ts';

export interface AutomationSearch extends JobFilters {
  /** The job open in the detail drawer. */
  job?: string;
}

export interface AutomationPageProps {
  search: AutomationSearch;
  onSearchChange: (next: AutomationSearch) => void;
}

const TASK_OPTIONS = [{ value: '', label: 'All tasks' }, ...Object.entries(TASK_LABELS).map(([value, label]) => ({ value, label }))];

/** Drops empty values so the URL only carries the filters in use. */
function clean(search: AutomationSearch): AutomationSearch {
  return Object.fromEntries(Object.entries(search).filter(([, value]) => Boolean(value))) as AutomationSearch;
}

export function AutomationPage({ search, onSearchChange }: AutomationPageProps): ReactElement {
  const filters: JobFilters = clean({ status: search.status, task: search.task, hubId: search.hubId });
  const jobs = useJobs(filters);
  const names = useJobNames();
  const live = useJobStream();
  const rows = jobs.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = Object.keys(filters).length > 0;
  const hubOptions = [...names.hubs.values()].map((hub) => ({ value: hub.id, label: hub.label }));

  const set = (next: Partial<AutomationSearch>): void => onSearchChange(clean({ ...search, ...next }));
  const clearFilters = (): void => onSearchChange(clean({ job: search.job }));

  return (
    <>
      <PageHeader
        title="Automation"
        description="Every job Latchkey runs inside your apps — validations, syncs, invites, role updates and removals — with its status and, when one fails, what to do."
        actions={<LiveIndicator status={live} />}
      />
      <Stack gap="md">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <NativeSelect
            label="Status"
            data={[{ value: '', label: 'All statuses' }, ...JOB_STATUS_OPTIONS]}
            value={search.status ?? ''}
            onChange={(event) => set({ status: event.currentTarget.value })}
            w={180}
          />
          <NativeSelect label="Task" data={TASK_OPTIONS} value={search.task ?? ''} onChange={(event) => set({ task: event.currentTarget.value })} w={220} />
          <NativeSelect
            label="Business hub"
            data={[{ value: '', label: 'All hubs' }, ...hubOptions]}
            value={search.hubId ?? ''}
            onChange={(event) => set({ hubId: event.currentTarget.value })}
            w={240}
          />
          {filtered && (
            <Button variant="subtle" onClick={clearFilters}>
              Clear filters
            </Button>
          )}
        </Group>
        {jobs.isError && <ProblemAlert error={jobs.error} title="Couldn’t load the Automation log" />}
        {jobs.isPending && <TableSkeleton rows={6} />}
        {jobs.isSuccess && rows.length === 0 && (
          <EmptyState
            title={filtered ? 'No jobs match these filters' : 'No automation jobs yet'}
            action={
              filtered
                ? { label: 'Clear filters', onClick: clearFilters }
                : { node: <Button renderRoot={(props) => <Link to="/hubs" {...props} />}>Go to Business hubs</Button> }
            }
          >
            {filtered ? (
              'Pick another status, task or hub, or clear the filters to see every job.'
            ) : (
              <>
                <Text>
                  Validations, syncs, invites, role updates and removals each appear here as a job you can follow live, retry, or fix using
                  the reason Latchkey gives.
                </Text>
                <Text mt="xs">Jobs start when a business hub is connected and when you share or remove access on one.</Text>
              </>
            )}
          </EmptyState>
        )}
        {rows.length > 0 && <JobsTable jobs={rows} names={names} onOpen={(job) => set({ job: job.id })} />}
        <LoadMore hasMore={jobs.hasNextPage} loading={jobs.isFetchingNextPage} onLoadMore={() => void jobs.fetchNextPage()} />
      </Stack>
      <JobDrawer jobId={search.job ?? null} names={names} onOpen={(job) => set({ job })} onClose={() => set({ job: undefined })} />
    </>
  );
}
