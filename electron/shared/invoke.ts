import { channels, type Channel, type Request, type RequestInput, type Response } from './channels.js';
import { describeZodError, EngineError } from './errors.js';

/** One implementation of every channel: what the engine provides and every transport calls. */
export type Handlers = { [C in Channel]: (request: Request<C>) => Promise<Response<C>> };

/** Validates a request against the channel map (throws `invalid-request` naming the field), fills defaults. */
export function parseRequest<C extends Channel>(channel: C, input: unknown): Request<C> {
  const def = channels[channel];
  if (!def) throw new EngineError('invalid-request', `unknown channel "${String(channel)}"`);
  const parsed = def.request.safeParse(input ?? {});
  if (!parsed.success) throw new EngineError('invalid-request', `${channel}: ${describeZodError(parsed.error)}`);
  return parsed.data as Request<C>;
}

/** Validated call of a handler: the request is checked before it reaches the engine, the response after. */
export async function invoke<C extends Channel>(
  handlers: Handlers,
  channel: C,
  input: RequestInput<C>,
): Promise<Response<C>> {
  const request = parseRequest(channel, input);
  const response = await handlers[channel](request);
  const checked = channels[channel].response.safeParse(response);
  if (!checked.success)
    throw new EngineError('internal', `${channel} returned an invalid response: ${describeZodError(checked.error)}`);
  return checked.data as Response<C>;
}
