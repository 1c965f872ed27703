import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAppUrl, isExternalLink, windowOptions } from './security.js';

describe('window security', () => {
  it('isolates, sandboxes and strips Node from the renderer', () => {
    const prefs = windowOptions('/app/preload.cjs').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it('has a strict Content-Security-Policy', () => {
    const csp = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
    );
    expect(csp['default-src']).toBe("'self'");
    expect(csp['script-src']).toBe("'self'"); // no inline scripts, no eval
    expect(csp['object-src']).toBe("'none'");
    expect(csp['frame-ancestors']).toBe("'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('trusts only its own protocol and opens only web links externally', () => {
    expect(isAppUrl('app://catlip/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://catlip/')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
    expect(isExternalLink('https://arxiv.org/abs/2404.15653')).toBe(true);
    expect(isExternalLink('file:///tmp/x')).toBe(false);
    expect(isExternalLink('javascript:alert(1)')).toBe(false);
  });
});
