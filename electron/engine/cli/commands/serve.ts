import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../serve/server.js';
import { intOption, listOption, type Command } from '../command.js';

/** dist/renderer, built by the renderer's Vite build. */
function rendererDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../renderer');
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--host 127.0.0.1] [--port P] [--allow-remote] [--allow-host NAME]… [--allow-path FOLDER]…',
  summary: 'serve the app and its API over HTTP + WebSocket with an access token (for a headless GPU workstation)',
  positionals: [0, 0],
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    'allow-remote': { type: 'boolean', default: false },
    // names the server is reached by besides loopback and the bound address (DNS-rebinding guard)
    'allow-host': { type: 'string', multiple: true },
    // folders besides the data home that requests may import from and export to
    'allow-path': { type: 'string', multiple: true },
  },
  async run({ values, engine, out }) {
    const host = values.host as string;
    const server = await startServer(engine(), {
      host,
      port: intOption(values, 'port') ?? 0,
      allowRemote: values['allow-remote'] === true,
      staticDir: rendererDir(),
      allowHosts: listOption(values, 'allow-host'),
      allowPaths: listOption(values, 'allow-path'),
    });
    if (values['allow-remote'])
      out.note(
        `warning: serving on ${host}: anyone who can reach this address and has the token can use the app and its data`,
      );
    out.line(`CatLIP Pilot is serving at ${server.url}`);
    out.line('(the token in the URL is required for every API call; press Ctrl-C to stop)');
    out.line(`files: imports and exports only inside ${server.roots.join(', ')} (add folders with --allow-path)`);
    out.result({ url: server.url, host: server.host, port: server.port, roots: server.roots });
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
  },
};
