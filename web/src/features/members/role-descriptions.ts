import type { WorkspaceRole } from '../../api/types.ts';

/** One line per role (spec §3.2), shown under role pickers so nobody guesses. */
export const ROLE_DESCRIPTIONS: Record<WorkspaceRole, string> = {
  owner: 'Everything an Admin can do, plus ownership transfer and instance settings.',
  super_admin: 'Admin rights, plus All-Access Mode when it becomes available.',
  admin: 'Manages members, roles, workspace settings, API keys and all activity. No implicit access to hubs or accounts.',
  user: 'Adds accounts, connects hubs, creates collections and teams, shares what they own and invites guests.',
  login_only: 'Logs in to what is shared with them and connects their own app accounts.',
  guest: 'External person (agency, freelancer): Collaborator access only, sees only their own activity and teams.',
};
