import { describe, expect, it } from 'vitest';
import { combine } from '../../../src/store/pg/core.ts';

describe('combine: several PostgreSQL statements as one', () => {
  it('numbers every part’s parameters on and counts each part’s rows', () => {
    const one = combine([
      { sql: 'INSERT INTO a (x, y) VALUES ($1, $2) RETURNING 1', params: ['x', 1] },
      { sql: 'SELECT 1 FROM f($1, $2, $1)', params: ['p', 'q'] },
      { sql: 'UPDATE b SET v = $1 WHERE $1 IS NOT NULL RETURNING 1', params: [null] },
    ]);
    expect(one.params).toEqual(['x', 1, 'p', 'q', null]);
    expect(one.sql).toBe(
      'WITH q0 AS (INSERT INTO a (x, y) VALUES ($1, $2) RETURNING 1),\n' +
        'q1 AS (SELECT 1 FROM f($3, $4, $3)),\n' +
        'q2 AS (UPDATE b SET v = $5 WHERE $5 IS NOT NULL RETURNING 1)\n' +
        'SELECT (SELECT count(*) FROM q0)::int AS q0, (SELECT count(*) FROM q1)::int AS q1, (SELECT count(*) FROM q2)::int AS q2',
    );
  });

  it('a lazy commit sets synchronous_commit for its own transaction only', () => {
    const one = combine([{ sql: 'INSERT INTO a VALUES ($1) RETURNING 1', params: [1] }], true);
    expect(one.sql).toContain("SELECT set_config('synchronous_commit', 'off', true) AS lazy, (SELECT count(*) FROM q0)::int AS q0");
  });
});
