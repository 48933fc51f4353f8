import { describe, expect, it } from 'vitest';
import { ProjectSecrets, Redactor, guardOutput, outputGuard } from '../../../src/core/index.ts';

const SECRET = 'pa$$ word/+?=é:42';

describe('Redactor forms', () => {
  const r = new Redactor([SECRET]);
  const masked = (text: string) => r.redact(`<${text}>`);

  it('masks the value, JSON-escaped, URL-encoded (%20 and +) and \\u-escaped', () => {
    expect(masked(SECRET)).toBe('<***>');
    expect(masked(JSON.stringify(SECRET).slice(1, -1))).toBe('<***>');
    expect(masked(encodeURIComponent(SECRET))).toBe('<***>');
    expect(masked(encodeURIComponent(SECRET).replace(/%20/g, '+'))).toBe('<***>');
    expect(masked(SECRET.replace('é', '\\u00e9'))).toBe('<***>');
  });

  it('masks base64, standard and URL-safe, whole and inside a longer encoded text at every alignment', () => {
    const b64 = Buffer.from(SECRET).toString('base64');
    expect(r.redact(b64)).not.toContain(b64.slice(2, -2));
    expect(r.redact(b64.replace(/\+/g, '-').replace(/\//g, '_'))).toMatch(/\*\*\*/);
    for (const prefix of ['', 'u:', 'us:', 'use:']) {
      const basic = Buffer.from(`${prefix}${SECRET}`).toString('base64');
      const out = r.redact(`Basic ${basic}`);
      expect(out, prefix).toContain('***');
      // What is left visible is at most the edge characters the neighbours share.
      expect(out.replace('Basic ', '').replace('***', '').length).toBeLessThanOrEqual(Math.ceil(((prefix.length + 2) * 8) / 6) + 2);
    }
  });

  it('masks each line of a multi-line secret, and the whole', () => {
    const pem = '-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD9\n-----END KEY-----';
    const m = new Redactor([pem]);
    expect(m.redact(`key:\n${pem}\n`)).toBe('key:\n***\n');
    expect(m.redact('the middle line MIIBOgIBAAJBAKj34GkxFhD9 alone')).toBe('the middle line *** alone');
    expect(m.redact(JSON.stringify({ k: pem }))).toBe('{"k":"***"}');
  });

  it('replaces the longest form first, so no part of a longer secret stays visible', () => {
    const m = new Redactor(['abcd', 'abcdefgh', 'xyz']);
    expect(m.redact('abcdefgh abcd xyz')).toBe('*** *** xyz');
    const b = new Redactor(['end\\']);
    // JSON text of "end\" is "end\\": the escaped form wins over the raw one, the JSON stays valid.
    expect(JSON.parse(b.redact(JSON.stringify({ k: 'end\\' })))).toEqual({ k: '***' });
  });

  it('ignores values shorter than 4 characters', () => {
    const m = new Redactor(['abc', '']);
    expect(m.size).toBe(0);
    expect(m.redact('abc')).toBe('abc');
  });
});

describe('Redactor on values', () => {
  it('masks strings inside data and keeps every other value, so a secret "true" leaves true intact', () => {
    const r = new Redactor(['true', 'hunter22']);
    const data = { idempotent: true, flag: 'true', list: [true, 'x hunter22 y'], n: 1234 };
    const out = r.redactDeep(data);
    expect(out).toEqual({ idempotent: true, flag: '***', list: [true, 'x *** y'], n: 1234 });
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('returns the same object when there is nothing to mask (that is how a store row knows it was masked)', () => {
    const r = new Redactor(['hunter22']);
    const clean = { a: [1, 'b', { c: null }] };
    expect(r.redactDeep(clean)).toBe(clean);
    const dirty = { a: [1, 'hunter22'] };
    expect(r.redactDeep(dirty)).not.toBe(dirty);
    expect(dirty.a[1]).toBe('hunter22');
  });

  it('reset replaces the set (a reload)', () => {
    const r = new Redactor(['old-secret']);
    r.reset(['new-secret']);
    expect(r.redact('old-secret new-secret')).toBe('old-secret ***');
  });
});

describe('ProjectSecrets', () => {
  it('reads the environment first, then .env, and masks only the referenced names and credentials', () => {
    const s = new ProjectSecrets();
    s.update(['TOKEN', 'UNSET'], ['provider-key-1'], { TOKEN: 'from-env-1' }, { TOKEN: 'from-file', FEATURE_FLAG: 'true' });
    expect(s.scope).toEqual({ TOKEN: 'from-env-1', UNSET: undefined });
    expect(s.redactor.redact('from-env-1 provider-key-1 from-file true')).toBe('*** *** from-file true');
  });

  it('keeps an added credential across updates', () => {
    const s = new ProjectSecrets();
    s.addCredential('generated-key');
    s.update([], [], {}, {});
    expect(s.redactor.redact('generated-key')).toBe('***');
  });

  it('two projects do not share secrets', () => {
    const a = new ProjectSecrets();
    const b = new ProjectSecrets();
    a.update(['A'], [], { A: 'secret-of-a' }, {});
    b.update(['B'], [], { B: 'secret-of-b' }, {});
    expect(a.redactor.redact('secret-of-a secret-of-b')).toBe('*** secret-of-b');
    expect(b.redactor.redact('secret-of-a secret-of-b')).toBe('secret-of-a ***');
  });
});

describe('guardOutput (the CLI stdout guard)', () => {
  it('masks JSON as values and keeps it valid; masks other text as text', () => {
    const detach = outputGuard.attach(new Redactor(['true', 'hunter22']));
    try {
      const json = `${JSON.stringify({ ok: true, s: 'hunter22' }, null, 2)}\n`;
      const out = guardOutput(json);
      expect(JSON.parse(out)).toEqual({ ok: true, s: '***' });
      expect(out.endsWith('}\n')).toBe(true);
      const lines = guardOutput('{"a":true}\nplain hunter22\n');
      expect(lines).toBe('{"a":true}\nplain ***\n');
      const same = '{"a":true,"b":[1,2]}\n';
      expect(guardOutput(same)).toBe(same);
    } finally {
      detach();
    }
    expect(guardOutput('hunter22')).toBe('hunter22');
  });
});
