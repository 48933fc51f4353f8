import { InvalidParamsError } from './server.ts';

/** Checked readers of a control call's params: a wrong shape is a JSON-RPC invalid-params error. */
export type Params = Record<string, unknown>;

export function obj(p: unknown): Params {
  if (!p || typeof p !== 'object' || Array.isArray(p)) throw new InvalidParamsError('params must be an object');
  return p as Params;
}

export function str(p: Params, key: string): string {
  const v = p[key];
  if (typeof v !== 'string' || v === '') throw new InvalidParamsError(`${key} must be a non-empty string`);
  return v;
}

export function optStr(p: Params, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InvalidParamsError(`${key} must be a string`);
  return v;
}

export function optNum(p: Params, key: string): number | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidParamsError(`${key} must be a number`);
  return v;
}

export function record(p: Params, key: string): Record<string, unknown> {
  const v = p[key] ?? {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new InvalidParamsError(`${key} must be an object`);
  return v as Record<string, unknown>;
}
