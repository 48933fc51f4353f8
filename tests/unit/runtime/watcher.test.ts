import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/index.ts';
import { watchProject, type ProjectWatcher } from '../../../src/runtime/watcher.ts';

let dir: string;
let w: ProjectWatcher | undefined;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amas-watch-'));
  fs.mkdirSync(path.join(dir, 'agents.d'));
  fs.mkdirSync(path.join(dir, 'workflows.d'));
  fs.writeFileSync(path.join(dir, 'agents.d', 'a.yaml'), 'id: a\n');
});
afterEach(async () => {
  await w?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Collects batches of changes; `next()` resolves with the next batch that matches. */
function collector() {
  const batches: string[][] = [];
  let wake: (() => void) | undefined;
  return {
    on: (b: string[]) => {
      batches.push(b);
      wake?.();
    },
    async until(pred: (all: string[]) => boolean, ms = 5000): Promise<string[]> {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const all = batches.flat();
        if (pred(all)) return all;
        await new Promise<void>((r) => {
          wake = r;
          setTimeout(r, 50);
        });
      }
      throw new Error(`no matching change; saw ${JSON.stringify(batches)}`);
    },
  };
}

describe('watchProject', () => {
  it('reports a burst of saves to spec files as one batch and ignores other files', async () => {
    const c = collector();
    w = watchProject(dir, c.on, { debounceMs: 100, logger: silentLogger });
    await w.ready;
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'x');
    fs.writeFileSync(path.join(dir, 'agents.d', 'README.md'), 'x');
    fs.writeFileSync(path.join(dir, 'agents.d', 'b.yaml'), 'id: b\n');
    fs.writeFileSync(path.join(dir, 'workflows.d', 'w.yaml'), 'id: w\n');
    const all = await c.until((a) => a.includes(path.join('agents.d', 'b.yaml')) && a.includes(path.join('workflows.d', 'w.yaml')));
    expect(all.some((p) => p.endsWith('.txt') || p.endsWith('.md'))).toBe(false);
  });

  it('sees a rename-over save (editor style)', async () => {
    const c = collector();
    w = watchProject(dir, c.on, { debounceMs: 50, logger: silentLogger });
    await w.ready;
    const tmp = path.join(dir, 'agents.d', '.a.yaml.tmp123');
    fs.writeFileSync(tmp, 'id: a\ndescription: changed\n');
    fs.renameSync(tmp, path.join(dir, 'agents.d', 'a.yaml'));
    await c.until((a) => a.includes(path.join('agents.d', 'a.yaml')));
  });

  it('keeps working after agents.d/ is deleted and re-created', async () => {
    const c = collector();
    w = watchProject(dir, c.on, { debounceMs: 50, logger: silentLogger });
    await w.ready;
    fs.rmSync(path.join(dir, 'agents.d'), { recursive: true });
    await c.until((a) => a.includes(path.join('agents.d', 'a.yaml')) || a.includes('agents.d'));
    fs.mkdirSync(path.join(dir, 'agents.d'));
    await new Promise((r) => setTimeout(r, 200));
    fs.writeFileSync(path.join(dir, 'agents.d', 'c.yaml'), 'id: c\n');
    await c.until((a) => a.includes(path.join('agents.d', 'c.yaml')));
  });
});
