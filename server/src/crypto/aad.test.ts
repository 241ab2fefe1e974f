import { describe, expect, it } from 'vitest';
import { dataKeyAad, fieldAad, KEY_CHECK_AAD } from './aad.ts';

describe('associated data', () => {
  it('is unambiguous where naive joining would collide', () => {
    const pairs: [string, string][] = [
      ['ab', 'c'],
      ['a', 'bc'],
      ['1:a', 'b'],
      ['1', 'a1:b'],
      ['a|b', 'c'],
      ['a', 'b|c'],
    ];
    const encoded = pairs.map(([itemId, field]) => fieldAad({ workspaceId: 'w', itemId, field }).toString('utf8'));
    expect(new Set(encoded).size).toBe(pairs.length);
  });

  it('separates purposes and key versions', () => {
    const all = [
      KEY_CHECK_AAD,
      dataKeyAad({ workspaceId: 'w', version: 1 }),
      dataKeyAad({ workspaceId: 'w', version: 2 }),
      fieldAad({ workspaceId: 'w', itemId: '1', field: 'x' }).toString('utf8'),
    ];
    expect(new Set(all).size).toBe(all.length);
  });

  it('is stable: changing it would make every stored secret unreadable', () => {
    expect(fieldAad({ workspaceId: 'ws', itemId: 'it', field: 'password' }).toString('utf8')).toBe(
      '17:latchkey.field.v12:ws2:it8:password',
    );
    expect(dataKeyAad({ workspaceId: 'w1', version: 1 })).toBe('15:latchkey.dek.v12:w11:1');
  });

  it('rejects non-integer key versions', () => {
    expect(() => dataKeyAad({ workspaceId: 'w', version: 0 })).toThrow(/positive integer/);
    expect(() => dataKeyAad({ workspaceId: 'w', version: 1.5 })).toThrow(/positive integer/);
  });
});
