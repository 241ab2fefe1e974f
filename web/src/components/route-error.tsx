import { Button, Center, Stack } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter, type ErrorComponentProps } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { ProblemAlert } from './problem-alert.tsx';

/** Last-resort screen when a page or its guard fails, e.g. the server is unreachable. */
export function RouteError({ error, reset }: ErrorComponentProps): ReactElement {
  const router = useRouter();
  const queryClient = useQueryClient();
  const retry = (): void => {
    queryClient.removeQueries({ predicate: (query) => query.state.status === 'error' });
    reset();
    void router.invalidate();
  };
  return (
    <Center mih="60vh" p="md">
      <Stack maw={520} w="100%">
        <ProblemAlert error={error} title="This page couldn’t load" />
        <Button onClick={retry} variant="default">
          Try again
        </Button>
      </Stack>
    </Center>
  );
}
