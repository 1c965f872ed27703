import { writeCheckpoint } from './checkpoint.js';

/**
 * A process that writes ever newer checkpoints to one file until it is killed: `vite-node
 * checkpoint-writer.fixture.ts FILE`. Each holds 8 MiB of tensors whose values are its step, so a reader can
 * tell that what it found is one whole checkpoint and not a mix of two.
 */
const file = process.argv[2]!;
for (let step = 1; ; step++) {
  writeCheckpoint(file, {
    step,
    meta: { step },
    tensors: [{ name: 'w', shape: [2 * 1024 * 1024], data: new Float32Array(2 * 1024 * 1024).fill(step) }],
  });
  if (step === 1) process.stdout.write('first\n');
}
