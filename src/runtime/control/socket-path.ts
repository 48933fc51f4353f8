import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

// sun_path holds 108 bytes on Linux (104 on macOS); deep project paths would not fit.
const MAX_SOCKET_PATH = 100;

/** The control socket of a project: `.amas/amas.sock`, or a hashed name in the temp dir when too long. */
export function controlSocketPath(projectDir: string): string {
  const abs = path.resolve(projectDir);
  const preferred = path.join(abs, '.amas', 'amas.sock');
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH) return preferred;
  const hash = createHash('sha256').update(abs).digest('hex').slice(0, 16);
  return path.join(os.tmpdir(), `amas-${hash}.sock`);
}
