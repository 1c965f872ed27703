import { describe, expect, it } from 'vitest';
import {
  ComputeWindowReplySchema,
  isTrainerLaunchReply,
  parseLaunchMessage,
  TrainerConnectSchema,
} from './launch-protocol.js';

describe('trainer launch protocol', () => {
  it("takes main's replies only when every field has its type", () => {
    expect(isTrainerLaunchReply({ type: 'trainer:port', launch: 3 })).toBe(true);
    expect(isTrainerLaunchReply({ type: 'trainer:exit', launch: 3, code: 1, stderr: 'boom' })).toBe(true);
    expect(isTrainerLaunchReply({ type: 'trainer:exit', launch: 3 })).toBe(false); // no code: a half message is no exit report
    expect(isTrainerLaunchReply({ type: 'trainer:fork-failed', launch: 3, message: 7 })).toBe(false);
    expect(isTrainerLaunchReply({ type: 'result', id: 1, ok: true, value: null })).toBe(false); // the engine host's own protocol
  });

  it('parses compute-window replies and the connect message, and leaves anything else alone', () => {
    expect(parseLaunchMessage(ComputeWindowReplySchema, { type: 'trainer:compute-gone', reason: 'crashed' })).toEqual({
      type: 'trainer:compute-gone',
      reason: 'crashed',
    });
    expect(parseLaunchMessage(ComputeWindowReplySchema, { type: 'trainer:compute-failed' })).toBeUndefined();
    expect(parseLaunchMessage(TrainerConnectSchema, { type: 'trainer:connect' })).toEqual({ type: 'trainer:connect' });
    expect(parseLaunchMessage(TrainerConnectSchema, null)).toBeUndefined();
  });
});
