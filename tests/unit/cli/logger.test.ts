import { describe, expect, it } from 'vitest';
import { humanLogger, jsonLineLogger } from '../../../src/cli/logger.ts';
import { lineBatcher } from '../../../src/cli/out.ts';
import { outputGuard, Redactor } from '../../../src/core/index.ts';

describe('loggers', () => {
  it('server mode writes one JSON object per line with time, level and message, secrets redacted', () => {
    // The CLI's loggers mask the secrets of every project open in the process.
    const detach = outputGuard.attach(new Redactor(['hunter2-very-secret']));
    const lines: string[] = [];
    const log = jsonLineLogger((l) => lines.push(l));
    log.info('run started', { run: 'r1', token: 'hunter2-very-secret' });
    log.error('boom hunter2-very-secret');
    detach();
    expect(lines).toHaveLength(2);
    for (const l of lines) {
      expect(l.endsWith('\n')).toBe(true);
      expect(l.includes('\u001b[')).toBe(false);
      expect(l).not.toContain('hunter2-very-secret');
    }
    const first = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ level: 'info', msg: 'run started', run: 'r1', token: '***' });
    expect(new Date(first.time as string).toISOString()).toBe(first.time);
  });

  it('terminal mode writes readable lines', () => {
    const lines: string[] = [];
    humanLogger((l) => lines.push(l)).warn('slow step', { step: 'draft', ms: 1200 });
    expect(lines).toEqual(['warn: slow step step=draft ms=1200\n']);
  });
});

describe('lineBatcher', () => {
  it('writes the lines of one turn of the event loop in one write, in order', async () => {
    const writes: string[] = [];
    const lines = lineBatcher({ write: async (t) => void writes.push(t), line: async (t) => void writes.push(`${t}\n`) });
    lines.write('a\n');
    lines.write('b\n');
    lines.write('c\n');
    expect(writes).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['a\nb\nc\n']);
    lines.write('d\n');
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual(['a\nb\nc\n', 'd\n']);
  });

  it('writes at once when a turn has logged a thousand lines, and on flush', () => {
    const writes: string[] = [];
    const lines = lineBatcher({ write: async (t) => void writes.push(t), line: async (t) => void writes.push(`${t}\n`) });
    for (let i = 0; i < 1000; i++) lines.write(`${i}\n`);
    expect(writes).toHaveLength(1);
    expect(writes[0]!.split('\n')).toHaveLength(1001);
    lines.write('last\n');
    lines.flush();
    expect(writes.at(-1)).toBe('last\n');
  });
});
