import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { KEYMAP, resolveKey, resolvePromptKey, type Intent } from '../../../src/tui/keymap.ts';

const NO: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
} as Key;
const k = (o: Partial<Key> = {}): Key => ({ ...NO, ...o });

describe('resolveKey', () => {
  it.each([
    { input: '', key: k({ tab: true }), want: 'focusNext' },
    { input: '', key: k({ tab: true, shift: true }), want: 'focusPrev' },
    { input: '1', key: k(), want: 'focus1' },
    { input: '5', key: k(), want: 'focus5' },
    { input: 'j', key: k(), want: 'down' },
    { input: '', key: k({ downArrow: true }), want: 'down' },
    { input: 'k', key: k(), want: 'up' },
    { input: '', key: k({ upArrow: true }), want: 'up' },
    { input: '', key: k({ return: true }), want: 'open' },
    { input: '', key: k({ escape: true }), want: 'back' },
    { input: 'r', key: k(), want: 'run' },
    { input: 'R', key: k({ shift: true }), want: 'retry' },
    { input: 's', key: k(), want: 'skip' },
    { input: 'c', key: k(), want: 'cancel' },
    { input: 'c', key: k({ ctrl: true }), want: 'quit' },
    { input: 'p', key: k(), want: 'pause' },
    { input: 'f', key: k(), want: 'filterType' },
    { input: 'F', key: k({ shift: true }), want: 'filterPriority' },
    { input: '?', key: k(), want: 'help' },
    { input: 'q', key: k(), want: 'quit' },
    { input: 'a', key: k(), want: 'approve' },
    { input: 'x', key: k(), want: 'reject' },
    { input: '[', key: k(), want: 'scrollUp' },
    { input: '', key: k({ pageDown: true }), want: 'scrollDown' },
    { input: 'z', key: k(), want: null },
    { input: 'r', key: k({ ctrl: true }), want: null },
  ] as { input: string; key: Key; want: Intent | null }[])('normal: "$input" → $want', ({ input, key, want }) => {
    expect(resolveKey('normal', input, key)).toBe(want);
  });

  it.each([
    { input: '?', key: k(), want: 'help' },
    { input: '', key: k({ escape: true }), want: 'back' },
    { input: 'q', key: k(), want: 'quit' },
    { input: 'r', key: k(), want: null },
    { input: 'j', key: k(), want: null },
  ] as { input: string; key: Key; want: Intent | null }[])('help overlay: "$input" → $want', ({ input, key, want }) => {
    expect(resolveKey('help', input, key)).toBe(want);
  });

  it('binds every key to one intent only', () => {
    const seen = new Map<string, Intent>();
    for (const b of KEYMAP) {
      for (const key of b.keys) {
        const id = JSON.stringify(key);
        expect(seen.get(id), id).toBeUndefined();
        seen.set(id, b.intent);
      }
    }
  });
});

describe('resolvePromptKey', () => {
  it.each([
    { input: '', key: k({ return: true }), want: { kind: 'submit' } },
    { input: '', key: k({ escape: true }), want: { kind: 'cancel' } },
    { input: 'c', key: k({ ctrl: true }), want: { kind: 'cancel' } },
    { input: '', key: k({ backspace: true }), want: { kind: 'backspace' } },
    { input: '', key: k({ delete: true }), want: { kind: 'backspace' } },
    { input: 'q', key: k(), want: { kind: 'text', text: 'q' } },
    { input: 'a\u0007b', key: k(), want: { kind: 'text', text: 'ab' } },
    { input: '', key: k({ upArrow: true }), want: null },
  ] as { input: string; key: Key; want: unknown }[])('"$input" → $want', ({ input, key, want }) => {
    expect(resolvePromptKey(input, key)).toEqual(want);
  });
});
