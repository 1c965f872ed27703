import { toApiError } from '../../api/errors.ts';

/**
 * A rejected request's zod issues by field. The engine (and the serve client) report an invalid request as
 * `channel: path: message; path: message` (describeZodError), so the form can put each message at its field.
 * Returns null for any other error: the caller shows that one as a whole (ErrorBox).
 */
export function fieldErrors(
  error: unknown,
  channel: string,
): { fields: Record<string, string>; other: string[] } | null {
  const e = toApiError(error);
  if (e.code !== 'invalid-request') return null;
  const text = e.message.startsWith(`${channel}: `) ? e.message.slice(channel.length + 2) : e.message;
  const fields: Record<string, string> = {};
  const other: string[] = [];
  for (const issue of text.split('; ')) {
    const at = issue.indexOf(': ');
    const path = at > 0 ? issue.slice(0, at) : '';
    // a path is dotted identifiers ("plan.gpus"); anything else is a sentence without a field
    if (/^[A-Za-z_]\w*(\.\w+)*$/.test(path) && path !== '(request)')
      fields[path] = fields[path] ? `${fields[path]}; ${issue.slice(at + 2)}` : issue.slice(at + 2);
    else other.push(issue);
  }
  return { fields, other };
}
