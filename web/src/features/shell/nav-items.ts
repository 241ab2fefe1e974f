export interface NavItem {
  label: string;
  to: '/accounts' | '/hubs' | '/collections' | '/inbox' | '/automation' | '/activity' | '/members' | '/teams' | '/settings';
  description: string;
}

/** Left navigation, in the order the product brief fixes. */
export const NAV_ITEMS: NavItem[] = [
  { label: 'All accounts', to: '/accounts', description: 'Apps and credentials shared with you' },
  { label: 'Business hubs', to: '/hubs', description: 'Connected collaboration spaces' },
  { label: 'Collections', to: '/collections', description: 'Hubs shared as one, claimed per person' },
  { label: 'Shared inbox', to: '/inbox', description: 'SMS and email codes' },
  { label: 'Automation', to: '/automation', description: 'Invites, syncs and removals' },
  { label: 'Activity', to: '/activity', description: 'Tamper-evident audit log' },
  { label: 'Members', to: '/members', description: 'People in this workspace' },
  { label: 'Teams', to: '/teams', description: 'Groups you share with' },
  { label: 'Settings', to: '/settings', description: 'Profile, workspace and outbox' },
];
