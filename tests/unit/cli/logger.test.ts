import { describe, expect, it } from 'vitest';
import { humanLogger, jsonLineLogger } from '../../../src/cli/logger.ts';
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
