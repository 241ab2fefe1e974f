import { AppShell, NavLink, ScrollArea } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import type { MouseEvent, ReactElement } from 'react';
import { NAV_ITEMS } from './nav-items.ts';

export function AppNavbar({ onNavigate }: { onNavigate: () => void }): ReactElement {
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <AppShell.Navbar p="xs" aria-label="Main navigation" component="nav">
      <ScrollArea type="never">
        {NAV_ITEMS.map((item) => {
          const active = pathname === item.to || pathname.startsWith(`${item.to}/`);
          return (
            <NavLink
              key={item.to}
              label={item.label}
              active={active}
              aria-current={active ? 'page' : undefined}
              variant="light"
              renderRoot={(props) => (
                <Link
                  to={item.to}
                  {...props}
                  onClick={(event: MouseEvent<HTMLAnchorElement>) => {
                    props['onClick']?.(event);
                    onNavigate();
                  }}
                />
              )}
            />
          );
        })}
      </ScrollArea>
    </AppShell.Navbar>
  );
}
