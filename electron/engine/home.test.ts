import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHome, PRODUCT_NAME } from './home.js';
import pkg from '../../package.json' with { type: 'json' };

describe('defaultHome', () => {
  it("is Electron's userData directory for the product name on each OS", () => {
    expect(pkg.productName).toBe(PRODUCT_NAME);
    expect(defaultHome({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe(path.join('/x/cfg', 'CatLIP Pilot'));
    expect(defaultHome({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toBe(
      path.join('C:\\Users\\a\\AppData\\Roaming', 'CatLIP Pilot'),
    );
    expect(defaultHome({}, 'darwin')).toMatch(/Library\/Application Support\/CatLIP Pilot$/);
  });

  it('honours CATLIP_PILOT_HOME', () => {
    expect(defaultHome({ CATLIP_PILOT_HOME: '/data/pilot' }, 'linux')).toBe('/data/pilot');
  });
});
