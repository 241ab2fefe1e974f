export * from './workspaces.ts';
export * from './members.ts';
export * from './auth.ts';
export * from './teams.ts';
export * from './activity.ts';
export * from './keys.ts';
export * from './mail.ts';
export * from './jobs.ts';
