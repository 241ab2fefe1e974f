import { describe, expect, test } from 'vitest';
import { canChangeRole, canInvite, canManageAssets, canRemove } from './policy.ts';

describe('service token policy', () => {
  test('an admin may invite any role', () => {
    expect(canInvite('ADMIN', 'ADMIN')).toBe(true);
    expect(canInvite('ADMIN', 'ANALYST')).toBe(true);
  });
  test('a manager may invite managers and below, but not admins', () => {
    expect(canInvite('MANAGER', 'MANAGER')).toBe(true);
    expect(canInvite('MANAGER', 'EMPLOYEE')).toBe(true);
    expect(canInvite('MANAGER', 'ADMIN')).toBe(false);
  });
  test('employees and analysts may not invite at all', () => {
    expect(canInvite('EMPLOYEE', 'ANALYST')).toBe(false);
    expect(canInvite('ANALYST', 'ANALYST')).toBe(false);
  });
  test('a manager may not promote to admin nor demote an admin', () => {
    expect(canChangeRole('MANAGER', 'EMPLOYEE', 'ADMIN')).toBe(false);
    expect(canChangeRole('MANAGER', 'ADMIN', 'EMPLOYEE')).toBe(false);
    expect(canChangeRole('MANAGER', 'ANALYST', 'MANAGER')).toBe(true);
  });
  test('a manager may not remove an admin; an admin may', () => {
    expect(canRemove('MANAGER', 'ADMIN')).toBe(false);
    expect(canRemove('ADMIN', 'ADMIN')).toBe(true);
  });
  test('only admins and managers manage assets', () => {
    expect(canManageAssets('MANAGER')).toBe(true);
    expect(canManageAssets('EMPLOYEE')).toBe(false);
  });
});
