import { describe, expect, it } from 'vitest';
import { describePgUrl, isPostgresUrl, parsePgUrl } from '../../../src/store/index.ts';

describe('PostgreSQL store URLs', () => {
  it('names the server and database; keeps the password out of descriptions', () => {
    const t = parsePgUrl('postgres://amas:s3cr%40t@db.example:6543/prod');
    expect(t).toMatchObject({ host: 'db.example', port: 6543, database: 'prod', user: 'amas', password: 's3cr@t', sslMode: 'disable', ssl: false });
    expect(describePgUrl('postgresql://amas:s3cr%40t@db.example/prod')).toBe('postgresql://amas:***@db.example/prod');
    expect(parsePgUrl('postgresql://h').port).toBe(5432);
  });

  it('follows libpq sslmode meanings', () => {
    expect(parsePgUrl('postgres://h/d?sslmode=prefer').ssl).toBe(false);
    expect(parsePgUrl('postgres://h/d?sslmode=require').ssl).toEqual({ rejectUnauthorized: false });
    expect(parsePgUrl('postgres://h/d?sslmode=verify-full').ssl).toEqual({ rejectUnauthorized: true });
    const ca = parsePgUrl('postgres://h/d?sslmode=verify-ca').ssl;
    expect(ca && ca.rejectUnauthorized).toBe(true);
    expect(ca && typeof ca.checkServerIdentity).toBe('function');
    expect(() => parsePgUrl('postgres://h/d?sslmode=sometimes')).toThrow(/sslmode=sometimes is not one of/);
    expect(() => parsePgUrl('postgres://h/d?sslmode=verify-full&sslrootcert=/nonexistent/ca.pem')).toThrow(/sslrootcert \/nonexistent\/ca.pem cannot be read: ENOENT/);
  });

  it('refuses a URL that is not postgres://, without echoing its password', () => {
    expect(isPostgresUrl('mysql://u:p@h/d')).toBe(false);
    expect(() => parsePgUrl('mysql://u:hunter22@h/d')).toThrow(/must start with postgres:\/\//);
    try {
      parsePgUrl('mysql://u:hunter22@h/d');
    } catch (e) {
      expect((e as Error).message).not.toContain('hunter22');
    }
    expect(() => parsePgUrl('postgres:///nohost')).toThrow(/names no host/);
  });
});
