import { describe, expect, it } from 'vitest';
import type { RoleGroup } from '../../connectors/types.ts';
import { effectiveAccess, type AccessPath } from './effective.ts';
import { planFor } from './plan.ts';

const groups: RoleGroup[] = [
  { key: 'primary', label: 'Role', model: 'rank', roles: [{ key: 'ADMIN', label: 'Admin', rank: 40 }, { key: 'MANAGER', label: 'Manager', rank: 30 }, { key: 'EMPLOYEE', label: 'Employee', rank: 20 }, { key: 'ANALYST', label: 'Analyst', rank: 10 }] },
  { key: 'finance', label: 'Finance', model: 'permission', roles: [{ key: 'VIEW_BILLING', label: 'View billing' }, { key: 'PAY', label: 'Pay' }] },
];
const path = (over: Partial<AccessPath>): AccessPath => ({ via: 'direct', viaId: 'g', viaLabel: 'Individual', role: 'collaborator', seat: true, appRoleKeys: [], assetGrants: [], ...over });

describe('effective access', () => {
  it('takes the highest rank per group and the union of permission sets', () => {
    const e = effectiveAccess([path({ appRoleKeys: ['ANALYST', 'VIEW_BILLING'] }), path({ via: 'team', appRoleKeys: ['MANAGER', 'PAY'] })], groups);
    expect(e.appRoleKeys).toEqual(['MANAGER', 'VIEW_BILLING', 'PAY']);
    expect(e.seat).toBe(true);
  });
  it('merges assets: full beats partial, partial permissions add up', () => {
    const e = effectiveAccess([
      path({ assetGrants: [{ assetId: 'a', access: 'partial', permissions: ['VIEW'] }, { assetId: 'b', access: 'partial', permissions: ['VIEW'] }] }),
      path({ assetGrants: [{ assetId: 'a', access: 'full', permissions: [] }, { assetId: 'b', access: 'partial', permissions: ['EDIT'] }] }),
    ], groups);
    expect(e.assetGrants).toEqual([{ assetId: 'a', access: 'full', permissions: [] }, { assetId: 'b', access: 'partial', permissions: ['EDIT', 'VIEW'] }]);
  });
});

describe('planned transitions', () => {
  const access = (keys: string[], seat = true, hubRole: 'owner' | 'collaborator' = 'collaborator') => ({ seat, appRoleKeys: keys, assetGrants: [], hubRole });
  it('invites a new person, updates a joined one only when the role changes, and removes on the last path', () => {
    expect(planFor({ state: null, desired: null, inviteNotSent: false }, access(['MANAGER']), true)).toEqual({ kind: 'invite', roles: ['MANAGER'] });
    expect(planFor({ state: 'onboarded', desired: { seat: true, appRoleKeys: ['MANAGER'], assetGrants: [] }, inviteNotSent: false }, access(['MANAGER']), true)).toEqual({ kind: 'none' });
    expect(planFor({ state: 'onboarded', desired: { seat: true, appRoleKeys: ['MANAGER'], assetGrants: [] }, inviteNotSent: false }, access(['ANALYST']), true)).toEqual({ kind: 'update', fromRoles: ['MANAGER'], toRoles: ['ANALYST'] });
    expect(planFor({ state: 'onboarded', desired: { seat: true, appRoleKeys: ['ANALYST'], assetGrants: [] }, inviteNotSent: false }, { seat: false, appRoleKeys: [], assetGrants: [], hubRole: null }, false)).toEqual({ kind: 'remove_seat' });
  });
  it('waits for acceptance before role updates, and cancels an invite that was never sent', () => {
    expect(planFor({ state: 'pending_invite_claim', desired: { seat: true, appRoleKeys: ['ANALYST'], assetGrants: [] }, inviteNotSent: false }, access(['MANAGER']), true)).toEqual({ kind: 'record_only' });
    expect(planFor({ state: 'inviting', desired: { seat: true, appRoleKeys: ['ANALYST'], assetGrants: [] }, inviteNotSent: true }, { seat: false, appRoleKeys: [], assetGrants: [], hubRole: null }, false)).toEqual({ kind: 'cancel_queued_invite' });
  });
  it('gives Owners without a seat hub-only access', () => {
    expect(planFor({ state: null, desired: null, inviteNotSent: false }, access([], false, 'owner'), true)).toEqual({ kind: 'hub_only' });
  });
});
