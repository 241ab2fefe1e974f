import type { QueryClient } from '@tanstack/react-query';
import { redirect } from '@tanstack/react-router';
import { isApiError } from '../api/api-error.ts';
import { sessionQuery, setupQuery } from '../api/session.ts';
import type { Session } from '../api/types.ts';
import { safeRedirect } from './safe-redirect.ts';

interface GuardArgs {
  context: { queryClient: QueryClient };
  location: { href: string };
}

/** Signed-in pages: first run goes to /setup; no session goes to /login, remembering the path. */
export async function requireSession({ context, location }: GuardArgs): Promise<void> {
  const setup = await context.queryClient.ensureQueryData(setupQuery);
  if (setup.needsSetup) throw redirect({ to: '/setup' });
  try {
    await context.queryClient.ensureQueryData(sessionQuery);
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      throw redirect({ to: '/login', search: { redirect: location.href } });
    }
    throw error;
  }
}

/** /setup only while the instance has no workspace. */
export async function requireNeedsSetup({ context }: GuardArgs): Promise<void> {
  const setup = await context.queryClient.ensureQueryData(setupQuery);
  if (!setup.needsSetup) throw redirect({ to: '/login' });
}

/** /login: first run goes to /setup; an existing session skips straight to the target. */
export async function redirectIfSignedIn(
  { context }: GuardArgs,
  target: string | undefined,
): Promise<void> {
  const setup = await context.queryClient.ensureQueryData(setupQuery);
  if (setup.needsSetup) throw redirect({ to: '/setup' });
  const session = await context.queryClient.ensureQueryData(sessionQuery).catch((): Session | null => null);
  if (session) throw redirect({ href: safeRedirect(target) });
}
