import { describe, expect, it } from 'vitest';
import { pendingAssetGrants } from './asset-grants.ts';

const grant = (id: string, access: 'full' | 'partial', permissions: string[] = []) => ({ externalId: id, type: 'ad_account', access, permissions });

describe('pendingAssetGrants', () => {
  it('lists grants the app does not show yet', () => {
    expect(pendingAssetGrants([grant('a', 'full'), grant('b', 'partial', ['ANALYZE'])], [])).toHaveLength(2);
  });

  it('treats full access in the app as covering any grant', () => {
    expect(pendingAssetGrants([grant('a', 'partial', ['ANALYZE'])], [grant('a', 'full')])).toEqual([]);
  });

  it('keeps a full grant pending while the app shows only partial access', () => {
    expect(pendingAssetGrants([grant('a', 'full')], [grant('a', 'partial', ['ANALYZE'])])).toEqual([grant('a', 'full')]);
  });

  it('keeps a partial grant pending until every chosen permission is there', () => {
    expect(pendingAssetGrants([grant('a', 'partial', ['ANALYZE', 'ADVERTISE'])], [grant('a', 'partial', ['ANALYZE'])])).toHaveLength(1);
    expect(pendingAssetGrants([grant('a', 'partial', ['ANALYZE'])], [grant('a', 'partial', ['ANALYZE', 'ADVERTISE'])])).toEqual([]);
  });

  it('does not confuse assets of different types with the same id', () => {
    expect(pendingAssetGrants([grant('1', 'full')], [{ externalId: '1', type: 'page', access: 'full', permissions: [] }])).toHaveLength(1);
  });
});
