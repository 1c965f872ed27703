import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../serve/server.js';
import { intOption, type Command } from '../command.js';

/** dist/renderer, built by the renderer's Vite build. */
function rendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../renderer');
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--host 127.0.0.1] [--port P] [--allow-remote]',
  summary: 'serve the app and its API over HTTP + WebSocket with an access token (for a headless GPU workstation)',
  positionals: [0, 0],
  options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string' }, 'allow-remote': { type: 'boolean', default: false } },
  async run({ values, engine, out }) {
    const host = values.host as string;
    const server = await startServer(engine(), {
      host, port: intOption(values, 'port') ?? 0, allowRemote: values['allow-remote'] === true, staticDir: rendererDir(),
    });
    if (values['allow-remote']) out.note(`warning: serving on ${host}: anyone who can reach this address and has the token can use the app and its data`);
    out.line(`CatLIP Pilot is serving at ${server.url}`);
    out.line('(the token in the URL is required for every API call; press Ctrl-C to stop)');
    out.result({ url: server.url, host: server.host, port: server.port });
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
  },
};
