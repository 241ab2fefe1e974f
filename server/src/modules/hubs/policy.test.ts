import { describe, expect, it } from 'vitest';
import { canOnHub, effectiveHubRole } from './policy.ts';

describe('hub policy', () => {
  it('takes the highest path and downgrades Owners without the service credential to Security Manager', () => {
    expect(effectiveHubRole(['collaborator', 'manager'], false)).toBe('manager');
    expect(effectiveHubRole(['owner'], true)).toBe('owner');
    expect(effectiveHubRole(['owner', 'collaborator'], false)).toBe('security_manager');
    expect(effectiveHubRole([], true)).toBeNull();
  });

  it('follows the permission matrix', () => {
    expect(canOnHub('collaborator', 'view_members')).toBe(false);
    expect(canOnHub('collaborator', 'manage_people')).toBe(false);
    expect(canOnHub('manager', 'manage_people')).toBe(true);
    expect(canOnHub('manager', 'settings')).toBe(false);
    expect(canOnHub('security_manager', 'sync')).toBe(true);
    expect(canOnHub('security_manager', 'settings')).toBe(false);
    expect(canOnHub('owner', 'settings')).toBe(true);
    expect(canOnHub(null, 'view_members')).toBe(false);
  });
});
