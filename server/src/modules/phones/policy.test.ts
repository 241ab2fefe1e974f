import { describe, expect, it } from 'vitest';
import { retireRefusal } from './policy.ts';

const now = new Date('2030-01-01T00:00:00Z');

describe('retireRefusal', () => {
  it('never gives up a bound number, or one still in quarantine', () => {
    expect(retireRefusal({ status: 'assigned', quarantineUntil: null }, now)).toMatch(/bound to an account/);
    expect(retireRefusal({ status: 'quarantined', quarantineUntil: new Date('2030-01-02T00:00:00Z') }, now)).toMatch(/quarantined until 2030-01-02T00:00:00.000Z/);
    expect(retireRefusal({ status: 'retired', quarantineUntil: null }, now)).toMatch(/already retired/);
  });

  it('allows free numbers and numbers whose quarantine is over', () => {
    expect(retireRefusal({ status: 'available', quarantineUntil: null }, now)).toBeNull();
    expect(retireRefusal({ status: 'quarantined', quarantineUntil: now }, now)).toBeNull();
  });
});
