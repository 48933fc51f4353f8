import { randomBytes } from 'node:crypto';

/** Time-ordered, URL-safe ids: a millisecond timestamp then randomness, so ids sort by creation. */
export function newId(prefix = ''): string {
  const t = Date.now().toString(36).padStart(9, '0');
  return `${prefix}${t}${randomBytes(6).toString('hex')}`;
}
