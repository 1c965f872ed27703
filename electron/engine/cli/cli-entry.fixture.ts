import { main } from './main.js';

/** The CLI from source, for tests that must run it as a process of its own (to kill it): `vite-node cli-entry.fixture.ts -- ARGS`. */
process.exitCode = await main(process.argv.slice(2).filter((a, i) => i > 0 || a !== '--'));
