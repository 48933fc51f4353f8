// Every key the TUI answers to is declared here, once: the key handler resolves keys through
// this table and the help overlay prints it, so the two can never disagree.
import type { Key } from 'ink';

export type Intent =
  | 'focusNext'
  | 'focusPrev'
  | 'focus1'
  | 'focus2'
  | 'focus3'
  | 'focus4'
  | 'focus5'
  | 'up'
  | 'down'
  | 'open'
  | 'detail'
  | 'back'
  | 'run'
  | 'cancel'
  | 'retry'
  | 'skip'
  | 'pause'
  | 'approve'
  | 'reject'
  | 'scrollUp'
  | 'scrollDown'
  | 'filterType'
  | 'filterPriority'
  | 'help'
  | 'quit';

/** Where keys go: a prompt takes text, the help overlay only closes, otherwise the panels. */
export type KeyMode = 'normal' | 'help' | 'prompt';

interface KeySpec {
  input?: string;
  special?: 'tab' | 'return' | 'escape' | 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown';
  shift?: boolean;
  ctrl?: boolean;
}

export interface Binding {
  intent: Intent;
  keys: KeySpec[];
  /** How the keys are written in the help overlay. */
  label: string;
  help: string;
}

export const KEYMAP: readonly Binding[] = [
  { intent: 'focusNext', keys: [{ special: 'tab', shift: false }], label: 'tab', help: 'next panel' },
  { intent: 'focusPrev', keys: [{ special: 'tab', shift: true }], label: 'shift-tab', help: 'previous panel' },
  { intent: 'focus1', keys: [{ input: '1' }], label: '1', help: 'Agents' },
  { intent: 'focus2', keys: [{ input: '2' }], label: '2', help: 'Workflows' },
  { intent: 'focus3', keys: [{ input: '3' }], label: '3', help: 'Runs' },
  { intent: 'focus4', keys: [{ input: '4' }], label: '4', help: 'Events' },
  { intent: 'focus5', keys: [{ input: '5' }], label: '5', help: 'Alerts & diagnostics' },
  { intent: 'up', keys: [{ special: 'upArrow' }, { input: 'k' }], label: '↑ k', help: 'select previous row' },
  { intent: 'down', keys: [{ special: 'downArrow' }, { input: 'j' }], label: '↓ j', help: 'select next row' },
  { intent: 'open', keys: [{ special: 'return' }], label: 'enter', help: 'open the selected run (browse its steps); on a child run: open it' },
  { intent: 'detail', keys: [{ input: 'd' }], label: 'd', help: "the selected step in full: error, input, output, attempts" },
  { intent: 'back', keys: [{ special: 'escape' }], label: 'esc', help: 'close the step detail / run (back to the parent run) / overlay' },
  { intent: 'run', keys: [{ input: 'r' }], label: 'r', help: 'run the selected workflow (asks for inputs)' },
  { intent: 'cancel', keys: [{ input: 'c' }], label: 'c', help: 'cancel the selected run' },
  { intent: 'retry', keys: [{ input: 'R' }], label: 'R', help: 'retry the selected in_doubt step' },
  { intent: 'skip', keys: [{ input: 's' }], label: 's', help: 'skip the selected in_doubt step' },
  { intent: 'approve', keys: [{ input: 'a' }], label: 'a', help: 'approve the waiting step (asks for the form and a comment)' },
  { intent: 'reject', keys: [{ input: 'x' }], label: 'x', help: 'reject the waiting step (asks for a reason)' },
  { intent: 'scrollUp', keys: [{ special: 'pageUp' }, { input: '[' }], label: 'pgup [', help: "scroll the step's transcript up (older)" },
  { intent: 'scrollDown', keys: [{ special: 'pageDown' }, { input: ']' }], label: 'pgdn ]', help: "scroll the step's transcript down (newest)" },
  { intent: 'pause', keys: [{ input: 'p' }], label: 'p', help: "pause / resume the selected workflow's schedule" },
  { intent: 'filterType', keys: [{ input: 'f' }], label: 'f', help: 'events: cycle the type filter' },
  { intent: 'filterPriority', keys: [{ input: 'F' }], label: 'F', help: 'events: cycle the minimum priority' },
  { intent: 'help', keys: [{ input: '?' }], label: '?', help: 'this help' },
  { intent: 'quit', keys: [{ input: 'q' }, { input: 'c', ctrl: true }], label: 'q ctrl-c', help: 'quit (graceful; again to force)' },
];

/** Keys of the input prompt (fixed, also listed in the help overlay). */
export const PROMPT_KEYS: readonly { label: string; help: string }[] = [
  { label: 'enter', help: 'accept the value (empty: the default)' },
  { label: 'esc', help: 'cancel: nothing is started or answered' },
  { label: 'backspace', help: 'delete a character' },
];

export type PromptKey = { kind: 'submit' } | { kind: 'cancel' } | { kind: 'backspace' } | { kind: 'text'; text: string };

function matches(spec: KeySpec, input: string, key: Key): boolean {
  if (spec.ctrl !== undefined && spec.ctrl !== key.ctrl) return false;
  if (spec.special !== undefined) {
    if (!key[spec.special]) return false;
    return spec.shift === undefined || spec.shift === key.shift;
  }
  // A letter with ctrl is a different key (ctrl-c is not c).
  if (!spec.ctrl && key.ctrl) return false;
  return spec.input === input;
}

/** The intent of a key in normal or help mode, or null when the key does nothing there. */
export function resolveKey(mode: Exclude<KeyMode, 'prompt'>, input: string, key: Key): Intent | null {
  const hit = KEYMAP.find((b) => b.keys.some((k) => matches(k, input, key)));
  if (!hit) return null;
  if (mode === 'help' && hit.intent !== 'help' && hit.intent !== 'back' && hit.intent !== 'quit') return null;
  return hit.intent;
}

export function resolvePromptKey(input: string, key: Key): PromptKey | null {
  if (key.return) return { kind: 'submit' };
  if (key.escape) return { kind: 'cancel' };
  if (key.ctrl && input === 'c') return { kind: 'cancel' };
  if (key.backspace || key.delete) return { kind: 'backspace' };
  if (key.ctrl || key.meta || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return null;
  // Pasted text arrives as one chunk; keep printable characters only.
  const text = [...input].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
  return text ? { kind: 'text', text } : null;
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};

/**
 * Ink hands over plain text that arrived in one read as one chunk ("2r"): keys typed quickly,
 * over a slow link, or sent by a script. Outside a paste into the prompt those are separate
 * keys, so the chunk is split into one key per character (control characters become the key
 * they stand for); escape sequences and modified keys pass through as they are.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = [...input];
  if (chars.length < 2 || key.ctrl || key.meta || input.includes('\u001b')) return [[input, key]];
  const out: [string, Key][] = [];
  for (const ch of chars) {
    if (ch === '\r' || ch === '\n') out.push(['', { ...NO_KEY, return: true }]);
    else if (ch === '\t') out.push(['', { ...NO_KEY, tab: true }]);
    else if (ch === '\u007f' || ch === '\b') out.push(['', { ...NO_KEY, backspace: true }]);
    else if (ch < ' ') out.push([String.fromCharCode(ch.charCodeAt(0) + 96), { ...NO_KEY, ctrl: true }]);
    else out.push([ch, { ...NO_KEY, shift: ch !== ch.toLowerCase() }]);
  }
  return out;
}
