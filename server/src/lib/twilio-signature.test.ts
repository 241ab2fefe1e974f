import { describe, expect, test } from 'vitest';
import { twilioSignature, verifyTwilioSignature } from './twilio-signature.ts';

// The worked example of shared/reference/third-party-apis.md §5.4 (checked there with twilio's validateRequest).
const token = '0123456789abcdef0123456789abcdef';
const url = 'https://hooks.example.org/sms/inbound?tenant=acme';
const params = {
  MessageSid: 'SM00000000000000000000000000000001',
  AccountSid: 'AC00000000000000000000000000000001',
  From: '+15005550006',
  To: '+15017122661',
  Body: 'Your code is 482913',
  NumMedia: '0',
};

describe('X-Twilio-Signature', () => {
  test('matches the documented worked example', () => {
    expect(twilioSignature(token, url, params)).toBe('bnG99ZsIhHshvbEa2fiJNu94bvs=');
  });

  test('matches the documented :443 form', () => {
    expect(twilioSignature(token, 'https://hooks.example.org:443/sms/inbound?tenant=acme', params)).toBe('fMhrBZpOxJir5FsCUs/nIHJihto=');
  });

  test('verification accepts the URL as given and its default-port form, both ways', () => {
    expect(verifyTwilioSignature(token, url, params, 'bnG99ZsIhHshvbEa2fiJNu94bvs=')).toBe(true);
    expect(verifyTwilioSignature(token, 'https://hooks.example.org:443/sms/inbound?tenant=acme', params, 'bnG99ZsIhHshvbEa2fiJNu94bvs=')).toBe(true);
    expect(verifyTwilioSignature(token, url, params, 'fMhrBZpOxJir5FsCUs/nIHJihto=')).toBe(true);
  });

  test('verification rejects http://, a missing query, a changed body, a missing header or token', () => {
    const sig = 'bnG99ZsIhHshvbEa2fiJNu94bvs=';
    expect(verifyTwilioSignature(token, url.replace('https:', 'http:'), params, sig)).toBe(false);
    expect(verifyTwilioSignature(token, 'https://hooks.example.org/sms/inbound', params, sig)).toBe(false);
    expect(verifyTwilioSignature(token, url, { ...params, Body: 'Your code is 482914' }, sig)).toBe(false);
    expect(verifyTwilioSignature(token, url, params, undefined)).toBe(false);
    expect(verifyTwilioSignature('', url, params, sig)).toBe(false);
  });

  test('a repeated name contributes each distinct value, sorted', () => {
    const a = twilioSignature(token, url, { X: ['b', 'a', 'b'] });
    expect(a).toBe(twilioSignature(token, url, { X: ['a', 'b'] }));
    expect(a).not.toBe(twilioSignature(token, url, { X: ['b'] }));
  });
});
