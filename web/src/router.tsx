import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, createRouter, Outlet, redirect } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { JOB_STATUSES, USERS_TABS } from './api/hub-types.ts';
import { FullPageLoader } from './components/full-page-loader.tsx';
import { RouteError } from './components/route-error.tsx';
import { AppLayout } from './features/shell/app-layout.tsx';
import { redirectIfSignedIn, requireNeedsSetup, requireSession } from './lib/route-guards.ts';
import { AcceptInvitePage } from './routes/accept-invite.tsx';
import { AccountDetailPage } from './routes/account-detail.tsx';
import { AccountsPage, type AccountsSearch } from './routes/accounts.tsx';
import { ActivityPage } from './routes/activity.tsx';
import { AutomationPage, type AutomationSearch } from './routes/automation.tsx';
import { CollectionDetailPage } from './routes/collection-detail.tsx';
import { CollectionsPage } from './routes/collections.tsx';
import { ForgotPasswordPage } from './routes/forgot-password.tsx';
import { HUB_TABS, HubDetailPage, type HubSearch } from './routes/hub-detail.tsx';
import { HubsPage, type HubsSearch } from './routes/hubs.tsx';
import { InboxPage } from './routes/inbox.tsx';
import { LoginPage } from './routes/login.tsx';
import { MembersPage } from './routes/members.tsx';
import { NotFoundPage } from './routes/not-found.tsx';
import { ResetPasswordPage } from './routes/reset-password.tsx';
import { SettingsPage, SETTINGS_TABS, type SettingsTab } from './routes/settings.tsx';
import { SetupPage } from './routes/setup.tsx';
import { TeamDetailPage } from './routes/team-detail.tsx';
import { TeamsPage } from './routes/teams.tsx';

export interface RouterContext {
  queryClient: QueryClient;
}

interface LoginSearch {
  redirect?: string;
}

interface SettingsSearch {
  tab?: SettingsTab;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteError,
});

// Signed-out pages.

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'setup',
  beforeLoad: requireNeedsSetup,
  component: SetupPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: (search: Record<string, unknown>): LoginSearch =>
    typeof search['redirect'] === 'string' ? { redirect: search['redirect'] } : {},
  beforeLoad: (args) => redirectIfSignedIn(args, args.search.redirect),
  component: function LoginRoute(): ReactElement {
    const { redirect: redirectTo } = loginRoute.useSearch();
    return <LoginPage redirectTo={redirectTo} />;
  },
});

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'forgot-password',
  component: ForgotPasswordPage,
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'reset-password',
  component: ResetPasswordPage,
});

const acceptInviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'accept-invite',
  component: AcceptInvitePage,
});

// Signed-in pages, inside the app shell.

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: requireSession,
  component: AppLayout,
  pendingComponent: FullPageLoader,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/accounts' });
  },
});

const accountsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'accounts',
  // "Connect your Facebook profile" comes back here: the card to reopen, the step and its outcome (ids and words only).
  validateSearch: (search: Record<string, unknown>): AccountsSearch => {
    const text = (key: string, max: number): string | undefined => (typeof search[key] === 'string' ? search[key].slice(0, max) : undefined);
    const [connect, step, outcome] = [text('connect', 40), text('step', 40), text('outcome', 40)];
    return step && outcome ? { step, outcome, ...(connect ? { connect } : {}) } : {};
  },
  component: function AccountsRoute(): ReactElement {
    const search = accountsRoute.useSearch();
    const navigate = accountsRoute.useNavigate();
    return <AccountsPage search={search} onReturnHandled={() => void navigate({ search: {}, replace: true })} />;
  },
});
const accountDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'accounts/$accountId',
  component: function AccountDetailRoute(): ReactElement {
    const { accountId } = accountDetailRoute.useParams();
    return <AccountDetailPage accountId={accountId} />;
  },
});
const hubsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'hubs',
  // "Authorise with <provider>" comes back here when it did not end in a hub (reason code and app key only).
  validateSearch: (search: Record<string, unknown>): HubsSearch => {
    const oauthError = typeof search['oauthError'] === 'string' ? search['oauthError'].slice(0, 40) : undefined;
    const app = typeof search['app'] === 'string' ? search['app'].slice(0, 60) : undefined;
    return oauthError ? { oauthError, ...(app ? { app } : {}) } : {};
  },
  component: function HubsRoute(): ReactElement {
    const search = hubsRoute.useSearch();
    const navigate = hubsRoute.useNavigate();
    return <HubsPage search={search} onDismissOAuthError={() => void navigate({ search: {}, replace: true })} />;
  },
});
const hubDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'hubs/$hubId',
  validateSearch: (search: Record<string, unknown>): HubSearch => {
    const tab = HUB_TABS.find((value) => value === search['tab']);
    const users = USERS_TABS.find((value) => value === search['users']);
    return { ...(tab ? { tab } : {}), ...(users ? { users } : {}), ...(search['connected'] === 'oauth' ? { connected: 'oauth' as const } : {}) };
  },
  component: function HubDetailRoute(): ReactElement {
    const { hubId } = hubDetailRoute.useParams();
    const search = hubDetailRoute.useSearch();
    const navigate = hubDetailRoute.useNavigate();
    return <HubDetailPage hubId={hubId} search={search} onSearchChange={(next, opts) => void navigate({ search: next, replace: opts?.replace ?? false })} />;
  },
});
const collectionsRoute = createRoute({ getParentRoute: () => appRoute, path: 'collections', component: CollectionsPage });
const collectionDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'collections/$collectionId',
  component: function CollectionDetailRoute(): ReactElement {
    const { collectionId } = collectionDetailRoute.useParams();
    return <CollectionDetailPage collectionId={collectionId} />;
  },
});
const inboxRoute = createRoute({ getParentRoute: () => appRoute, path: 'inbox', component: InboxPage });
const automationRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'automation',
  validateSearch: (search: Record<string, unknown>): AutomationSearch => {
    const text = (key: string): string | undefined => (typeof search[key] === 'string' && search[key] ? (search[key] as string) : undefined);
    const status = JOB_STATUSES.find((value) => value === search['status']);
    const result: AutomationSearch = {};
    if (status) result.status = status;
    const task = text('task');
    if (task && /^[a-z_]{1,60}$/.test(task)) result.task = task;
    const hubId = text('hubId');
    if (hubId && /^[0-9a-f-]{36}$/i.test(hubId)) result.hubId = hubId;
    const job = text('job');
    if (job && /^[0-9a-f-]{36}$/i.test(job)) result.job = job;
    return result;
  },
  component: function AutomationRoute(): ReactElement {
    const search = automationRoute.useSearch();
    const navigate = automationRoute.useNavigate();
    return <AutomationPage search={search} onSearchChange={(next) => void navigate({ search: next })} />;
  },
});
const activityRoute = createRoute({ getParentRoute: () => appRoute, path: 'activity', component: ActivityPage });
const membersRoute = createRoute({ getParentRoute: () => appRoute, path: 'members', component: MembersPage });
const teamsRoute = createRoute({ getParentRoute: () => appRoute, path: 'teams', component: TeamsPage });

const teamDetailRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'teams/$teamId',
  component: function TeamDetailRoute(): ReactElement {
    const { teamId } = teamDetailRoute.useParams();
    return <TeamDetailPage teamId={teamId} />;
  },
});

const settingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'settings',
  validateSearch: (search: Record<string, unknown>): SettingsSearch => {
    const tab = SETTINGS_TABS.find((value) => value === search['tab']);
    return tab ? { tab } : {};
  },
  component: function SettingsRoute(): ReactElement {
    const { tab } = settingsRoute.useSearch();
    const navigate = settingsRoute.useNavigate();
    return <SettingsPage tab={tab ?? 'profile'} onTabChange={(next) => void navigate({ search: { tab: next } })} />;
  },
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  setupRoute,
  loginRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  acceptInviteRoute,
  appRoute.addChildren([
    accountsRoute,
    accountDetailRoute,
    hubsRoute,
    hubDetailRoute,
    collectionsRoute,
    collectionDetailRoute,
    inboxRoute,
    automationRoute,
    activityRoute,
    membersRoute,
    teamsRoute,
    teamDetailRoute,
    settingsRoute,
  ]),
]);

function buildRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof buildRouter>;

export function createAppRouter(queryClient: QueryClient): AppRouter {
  return buildRouter(queryClient);
}

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
