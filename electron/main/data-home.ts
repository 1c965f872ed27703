import { defaultHome, PRODUCT_NAME } from '../engine/home.js';

/**
 * The app's data directory: `app.getPath('userData')`, which is the CLI's default home too (engine/home.ts
 * computes the same path without Electron), so `catlip-pilot` and the app share one database.
 * CATLIP_PILOT_HOME overrides both the same way (resolved against the working directory).
 */
export function dataHome(env: NodeJS.ProcessEnv, userDataPath: string): string {
  return env.CATLIP_PILOT_HOME ? defaultHome(env) : userDataPath;
}

/**
 * Electron names userData after the app's name; if that ever differs from the product name the CLI assumes
 * (a renamed package.json, `app.setName`), the two would silently use different databases. Says so instead.
 */
export function homeMismatchWarning(appName: string): string | undefined {
  return appName === PRODUCT_NAME
    ? undefined
    : `app name "${appName}" differs from "${PRODUCT_NAME}": the CLI's default home is not this app's userData directory`;
}
