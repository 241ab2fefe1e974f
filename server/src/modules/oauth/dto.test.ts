import { describe, expect, it } from 'vitest';
import { connectHubBody } from '../hubs/dto.ts';
import { oauthStartBody } from './dto.ts';

describe('oauthStartBody', () => {
  const hub = { appKey: 'tiktok', label: ' Acme TikTok ', businessId: '7001', connectFields: { x: 'y' }, loginMethod: 'sso', requestToSave: true };

  it('takes the fields of POST /hubs, checked the same way', () => {
    expect(Object.keys(oauthStartBody.shape).sort()).toEqual(Object.keys(connectHubBody.shape).sort());
    expect(oauthStartBody.parse(hub)).toEqual({ ...hub, label: 'Acme TikTok' });
    for (const bad of [{ label: '' }, { label: 'x'.repeat(201) }, { appKey: '' }, { loginMethod: 'magic' }, { connectFields: { ['k'.repeat(61)]: 'v' } }]) {
      expect(oauthStartBody.safeParse({ ...hub, ...bad }).success).toBe(false);
      expect(connectHubBody.safeParse({ ...hub, ...bad, serviceCredential: { label: 'x', token: 't' } }).success).toBe(false);
    }
    expect(oauthStartBody.safeParse({ ...hub, extra: 1 }).success).toBe(false);
  });

  it('takes at most a label for the service credential: the provider supplies the secret', () => {
    expect(oauthStartBody.parse({ ...hub, serviceCredential: { label: ' Bot ' } }).serviceCredential).toEqual({ label: 'Bot' });
    expect(oauthStartBody.safeParse({ ...hub, serviceCredential: { label: 'Bot', token: 'pasted' } }).success).toBe(false);
    expect(oauthStartBody.safeParse({ ...hub, serviceCredential: { accountId: '0190b8a0-0000-7000-8000-000000000000' } }).success).toBe(false);
    expect(oauthStartBody.safeParse({ ...hub, serviceCredential: { label: '' } }).success).toBe(false);
  });
});
