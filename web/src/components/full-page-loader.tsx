import { Center, Loader } from '@mantine/core';
import type { ReactElement } from 'react';

export function FullPageLoader(): ReactElement {
  return (
    <Center mih="100vh">
      <Loader aria-label="Loading Latchkey" />
    </Center>
  );
}
