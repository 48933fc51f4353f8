/** TEXT columns that hold JSON: undefined and null are stored as SQL NULL and read back as null. */
export const toJsonColumn = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));
export const fromJsonColumn = (v: string | null): unknown => (v === null ? null : (JSON.parse(v) as unknown));
