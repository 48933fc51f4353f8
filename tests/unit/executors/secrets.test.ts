import { describe, expect, it } from 'vitest';
import { Redactor, memoryLogger, parseDotenv, redactingLogger } from '../../../src/core/index.ts';

describe('parseDotenv', () => {
  it('reads KEY=VALUE lines with export prefixes, comments and quotes', () => {
    const text = [
      '# a comment',
      'PLAIN=abc def  # trailing comment',
      'export EXPORTED=yes',
      "SINGLE='lit\\n # not a comment'",
      'DOUBLE="line1\\nline2 \\"q\\""',
      'MULTI="first',
      'second"',
      'EMPTY=',
      '  SPACED = padded  ',
      'not a line',
      'HASH=a#b',
    ].join('\r\n');
    expect(parseDotenv(text)).toEqual({
      PLAIN: 'abc def',
      EXPORTED: 'yes',
      SINGLE: 'lit\\n # not a comment',
      DOUBLE: 'line1\nline2 "q"',
      MULTI: 'first\nsecond',
      EMPTY: '',
      SPACED: 'padded',
      HASH: 'a#b',
    });
  });
});

describe('Redactor', () => {
  it('replaces every occurrence, longest secret first, and ignores values shorter than 4', () => {
    const r = new Redactor();
    r.add('abcd');
    r.add('abcdefgh');
    r.add('xyz');
    expect(r.redact('k=abcdefgh; k2=abcd; short=xyz; again abcdefgh')).toBe('k=***; k2=***; short=xyz; again ***');
  });

  it('matches JSON-escaped and URL-encoded spellings of a secret', () => {
    const r = new Redactor();
    r.add('p@ss "word"/1');
    expect(r.redact(JSON.stringify({ k: 'p@ss "word"/1' }))).toBe('{"k":"***"}');
    expect(r.redact(`https://h/x?key=${encodeURIComponent('p@ss "word"/1')}`)).toBe('https://h/x?key=***');
  });

  it('treats regex metacharacters in secrets literally', () => {
    const r = new Redactor();
    r.add('a.b*c');
    expect(r.redact('aXbbbc a.b*c')).toBe('aXbbbc ***');
  });

  it('redacts strings deep inside objects, arrays and errors without touching the original', () => {
    const r = new Redactor();
    r.add('s3cret-value');
    const input = { a: ['x s3cret-value y', 1, null], b: { 's3cret-value': true, c: new Error('bad s3cret-value') }, d: new Date(0) };
    const out = r.redactDeep(input) as any;
    expect(out.a).toEqual(['x *** y', 1, null]);
    expect(out.b['***']).toBe(true);
    expect(out.b.c.message).toBe('bad ***');
    expect(out.d).toBe(input.d);
    expect(input.a[0]).toBe('x s3cret-value y');
  });

  it('handles cycles', () => {
    const r = new Redactor();
    r.add('topsecret');
    const o: any = { s: 'topsecret' };
    o.self = o;
    const out = r.redactDeep(o) as any;
    expect(out.s).toBe('***');
    expect(out).not.toBe(o);
  });

  it('picks up secrets added after earlier redactions', () => {
    const r = new Redactor();
    r.add('first-secret');
    expect(r.redact('first-secret second-secret')).toBe('*** second-secret');
    r.add('second-secret');
    expect(r.redact('first-secret second-secret')).toBe('*** ***');
  });

  it('a redacting logger redacts messages and fields', () => {
    const r = new Redactor();
    r.add('hunter22');
    const lines: Parameters<typeof memoryLogger>[0] = [];
    redactingLogger(memoryLogger(lines), r).warn('pw hunter22', { nested: { pw: 'hunter22' } });
    expect(lines).toEqual([{ level: 'warn', msg: 'pw ***', fields: { nested: { pw: '***' } } }]);
  });
});
