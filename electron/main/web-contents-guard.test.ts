import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { guardWebContents, type GuardedContents } from './web-contents-guard.js';

class FakeContents extends EventEmitter {
  openHandler?: (d: { url: string }) => { action: 'deny' };
  setWindowOpenHandler(h: (d: { url: string }) => { action: 'deny' }) {
    this.openHandler = h;
  }
  navigate(url: string): boolean {
    let prevented = false;
    this.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  }
}

describe('web contents guard', () => {
  it('opens web links in the OS browser, from window.open and from plain link clicks, and nothing else', () => {
    const contents = new FakeContents();
    const opened: string[] = [];
    guardWebContents(contents as unknown as GuardedContents, async (url) => void opened.push(url));
    expect(contents.openHandler!({ url: 'https://arxiv.org/abs/2404.15653' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.navigate('https://github.com/apple/corenet')).toBe(true);
    expect(contents.navigate('javascript:alert(1)')).toBe(true);
    expect(contents.navigate('app://catlip/runs/3')).toBe(false); // the app's own routes still navigate
    expect(opened).toEqual(['https://arxiv.org/abs/2404.15653', 'https://github.com/apple/corenet']);
    let attachPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (attachPrevented = true) });
    expect(attachPrevented).toBe(true);
  });
});
