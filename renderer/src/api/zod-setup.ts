import { z } from 'zod';

// No `new Function` fast paths in zod: serve mode's CSP (no 'unsafe-eval') reports every attempt, even the
// probe. Must run before any schema is built, so contract.ts imports this module first.
z.config({ jitless: true });
