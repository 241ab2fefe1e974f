import { Button, Center } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { EmptyState } from '../components/empty-state.tsx';

export function NotFoundPage(): ReactElement {
  return (
    <Center mih="60vh" p="md">
      <EmptyState
        title="Page not found"
        action={{ node: <Button renderRoot={(props) => <Link to="/accounts" {...props} />}>Go to All accounts</Button> }}
      >
        The address may be mistyped, or the page was moved. Use the navigation to find what you need.
      </EmptyState>
    </Center>
  );
}
