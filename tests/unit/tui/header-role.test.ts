// The header says which role this amas up has on a PostgreSQL store; with the embedded store
// (`single`) it says nothing about roles.
import { describe, expect, it } from 'vitest';
import { headerSegments } from '../../../src/tui/components/header.tsx';
import { snapshot, T0 } from './factories.ts';

const text = (role?: 'single' | 'leader' | 'standby') => headerSegments(snapshot(role === undefined ? {} : { role }), true, T0).map((s) => s.text).join('');

describe('the header and the role', () => {
  it('shows leader and standby, and no role word for single', () => {
    expect(text('leader')).toContain('  leader');
    expect(text('standby')).toContain('  standby');
    expect(text('single')).not.toMatch(/single|leader|standby/);
    expect(text()).not.toMatch(/leader|standby/);
  });
});
