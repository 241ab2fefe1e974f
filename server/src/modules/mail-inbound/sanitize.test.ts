import { describe, expect, it } from 'vitest';
import { htmlToText, sanitizeEmailHtml } from './sanitize.ts';

describe('inbound mail HTML', () => {
  it('strips scripts, forms, handlers, javascript: links and remote images', () => {
    const out = sanitizeEmailHtml('<p onclick="steal()">Hi <b>there</b></p><script>alert(1)</script><form action="x"><input name="p"></form><a href="javascript:alert(1)">x</a><img src="https://tracker.example/p.gif"><iframe src="https://x"></iframe><style>p{}</style>');
    expect(out).toBe('<p>Hi <b>there</b></p><a rel="noopener noreferrer nofollow" target="_blank">x</a><img />');
  });

  it('keeps safe links (opening in a new tab without referrer) and inline images', () => {
    expect(sanitizeEmailHtml('<a href="https://app.example/verify?code=1">Verify</a>')).toBe('<a href="https://app.example/verify?code=1" rel="noopener noreferrer nofollow" target="_blank">Verify</a>');
    expect(sanitizeEmailHtml('<img src="data:image/png;base64,AAAA" alt="logo">')).toBe('<img src="data:image/png;base64,AAAA" alt="logo" />');
  });

  it('turns HTML into readable text for code extraction', () => {
    expect(htmlToText('<p>Your code</p><p><b>482&nbsp;913</b></p><script>var x = 111111</script>')).toBe('Your code\n482 913');
  });
});
