import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { queryKeys } from './api/query-keys.ts';
import { createQueryClient } from './lib/query-client.ts';
import { theme } from './lib/theme.ts';
import { createAppRouter, type AppRouter } from './router.tsx';

let router: AppRouter | undefined;

const queryClient = createQueryClient(() => {
  if (!router) return;
  const { pathname, href } = router.state.location;
  if (pathname === '/login') return;
  queryClient.removeQueries({ queryKey: queryKeys.session });
  void router.navigate({ to: '/login', search: { redirect: href } });
});

router = createAppRouter(queryClient);

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element in index.html');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
