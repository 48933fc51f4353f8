/** Closes a `switch` over a union: adding a member without handling it is a type error. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
