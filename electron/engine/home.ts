import os from 'node:os';
import path from 'node:path';

/** Must equal `productName` in package.json: Electron names `app.getPath('userData')` after it. */
export const PRODUCT_NAME = 'CatLIP Pilot';

/**
 * The data directory the desktop app uses (`app.getPath('userData')`), so the CLI and the app share one
 * database by default. CATLIP_PILOT_HOME overrides it (tests, scripted pilots).
 */
export function defaultHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.CATLIP_PILOT_HOME) return path.resolve(env.CATLIP_PILOT_HOME);
  const home = os.homedir();
  const appData =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  return path.join(appData, PRODUCT_NAME);
}
