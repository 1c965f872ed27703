import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHome } from '../engine/home.js';
import { dataHome, homeMismatchWarning } from './data-home.js';

describe("the app's data directory", () => {
  it("is Electron's userData unless CATLIP_PILOT_HOME says otherwise, resolved as the CLI resolves it", () => {
    expect(dataHome({}, '/home/a/.config/CatLIP Pilot')).toBe('/home/a/.config/CatLIP Pilot');
    expect(dataHome({ CATLIP_PILOT_HOME: 'pilot-data' }, '/u')).toBe(path.resolve('pilot-data'));
    expect(dataHome({ CATLIP_PILOT_HOME: 'pilot-data' }, '/u')).toBe(defaultHome({ CATLIP_PILOT_HOME: 'pilot-data' }));
  });

  it('warns when the app name would make userData differ from the CLI default', () => {
    expect(homeMismatchWarning('CatLIP Pilot')).toBeUndefined();
    expect(homeMismatchWarning('catlip-pilot')).toMatch(/differs/);
  });
});
