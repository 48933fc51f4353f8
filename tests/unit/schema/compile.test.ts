import { describe, expect, test } from 'vitest';
import { checkSchema, compileSchema, errorLines } from '../../../src/schema/index.ts';

describe('compileSchema', () => {
  test('checks values, with formats, ignoring unknown keywords', () => {
    const c = compileSchema({ type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } }, 'x-ui': 'ignored' });
    if (!c.ok) throw new Error(c.message);
    expect(c.validate({ email: 'a@b.co' })).toBe(true);
    expect(c.validate({ email: 'nope' })).toBe(false);
    expect(errorLines(c.validate.errors)).toEqual(['/email must match format "email"']);
  });

  test('a schema with an $id compiles again and again, as a reload brings new objects with the same $id', () => {
    const make = (type: string) => ({ $id: 'https://example.com/topic.json', type });
    for (let i = 0; i < 3; i++) {
      const plain = compileSchema(make('string'));
      const filling = compileSchema(make('string'), { defaults: true });
      expect(plain.ok && plain.validate('x')).toBe(true);
      expect(filling.ok && filling.validate('x')).toBe(true);
    }
    // Same $id, different content: its own function, not the earlier one.
    const changed = compileSchema(make('integer'));
    expect(changed.ok && changed.validate('x')).toBe(false);
  });

  test('defaults are filled in only by the defaults instance, which says it mutates', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer', default: 3 } } };
    const filling = compileSchema(schema, { defaults: true });
    const plain = compileSchema(schema);
    if (!filling.ok || !plain.ok) throw new Error('compile');
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = {};
    filling.validate(a);
    plain.validate(b);
    expect(a).toEqual({ n: 3 });
    expect(b).toEqual({});
    expect(filling.mutates).toBe(true);
    expect(plain.mutates).toBe(false);
  });

  test('an invalid schema is an answer, not a throw; draft-07 is reported by checkSchema and tolerated by compileSchema', () => {
    const bad = compileSchema({ type: 'strin' });
    expect(bad.ok).toBe(false);
    const draft7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' };
    expect(checkSchema(draft7)).toMatchObject({ ok: false, message: expect.stringMatching(/draft 2020-12/) });
    const c = compileSchema(draft7);
    expect(c.ok && c.validate('x')).toBe(true);
  });
});

describe('errorLines', () => {
  test('one line per problem, with did-you-mean for an unknown property, and a cap', () => {
    const c = compileSchema({ type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, tone: { enum: ['a', 'b'] } } });
    if (!c.ok) throw new Error(c.message);
    c.validate({ nmae: 'x', tone: 'c' });
    expect(errorLines(c.validate.errors)).toEqual([
      '(root) is missing required property "name"',
      '(root) has unknown property "nmae"; did you mean `name`?',
      '/tone must be one of: "a", "b"',
    ]);
    expect(errorLines(c.validate.errors, 1)).toEqual(['(root) is missing required property "name"', '… and 2 more']);
  });
});
