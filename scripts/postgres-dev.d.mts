// Types of scripts/postgres-dev.mjs for the TypeScript test support.
export function startPostgres(opts?: { log?: (line: string) => void }): Promise<{ url: string; external: boolean; stop: () => Promise<void> }>;
export function createDatabase(adminUrl: string, prefix?: string): Promise<{ url: string; name: string; drop: () => Promise<void> }>;
