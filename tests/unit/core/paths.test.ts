import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { isInsideDir } from '../../../src/core/index.ts';

it('a path is inside the project only after .. and symlinks are resolved', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-paths-'));
  const root = path.join(tmp, 'project');
  const outside = path.join(tmp, 'outside');
  fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
  fs.mkdirSync(outside);
  fs.symlinkSync(outside, path.join(root, 'link'));
  fs.symlinkSync(path.join(root, 'lib'), path.join(root, 'inner-link'));
  expect(isInsideDir(root, '.')).toBe(true);
  expect(isInsideDir(root, './lib/x.mjs')).toBe(true);
  expect(isInsideDir(root, './missing/deeper/x.mjs')).toBe(true);
  expect(isInsideDir(root, '..foo/x')).toBe(true);
  expect(isInsideDir(root, './inner-link/x.mjs')).toBe(true);
  expect(isInsideDir(root, '../x.mjs')).toBe(false);
  expect(isInsideDir(root, './lib/../../x')).toBe(false);
  expect(isInsideDir(root, '/etc')).toBe(false);
  expect(isInsideDir(root, './link/x.mjs')).toBe(false);
  expect(isInsideDir(root, './link/missing/x.mjs')).toBe(false);
});
