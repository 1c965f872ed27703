import { isAppUrl, isExternalLink } from './security.js';

/** What the guard needs of Electron's WebContents (a fake in tests). */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/**
 * No page may open windows, embed <webview>s or navigate away from the app. Web links (http, https,
 * mailto) go to the OS browser instead — both `target=_blank` / window.open and plain link clicks, which
 * arrive as navigations; anything else (file:, javascript:, custom schemes) is dropped.
 */
export function guardWebContents(contents: GuardedContents, openExternal: (url: string) => Promise<void>): void {
  const openOutside = (url: string) => {
    if (isExternalLink(url)) void openExternal(url).catch(() => {}); // no browser configured: nothing to do
  };
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openOutside(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
