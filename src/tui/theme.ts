// Colours carry meaning, and every meaning also has an icon, so NO_COLOR loses no information.
import { assertNever } from '../core/index.ts';
import type { AgentStatus, AlertLevel, EventPriority, Health, RunStatus, StepStatus } from '../core/index.ts';

/** green ok · yellow warning/retrying · red failed · cyan in progress · dim skipped/idle detail. */
export type Tone = 'ok' | 'warn' | 'bad' | 'active' | 'dim' | 'plain';

export const TONE_COLOR: Record<Tone, string | undefined> = {
  ok: 'green',
  warn: 'yellow',
  bad: 'red',
  active: 'cyan',
  dim: undefined,
  plain: undefined,
};

export interface Badge {
  icon: string;
  tone: Tone;
}

export function stepBadge(s: StepStatus): Badge {
  switch (s) {
    case 'pending': return { icon: '○', tone: 'dim' };
    case 'running': return { icon: '▶', tone: 'active' };
    case 'retrying': return { icon: '↻', tone: 'warn' };
    case 'completed': return { icon: '✓', tone: 'ok' };
    case 'failed': return { icon: '✗', tone: 'bad' };
    case 'skipped': return { icon: '⤼', tone: 'dim' };
    case 'cancelled': return { icon: '⊘', tone: 'dim' };
    case 'in_doubt': return { icon: '?', tone: 'warn' };
    case 'waiting': return { icon: '⏸', tone: 'warn' };
    default: return assertNever(s, 'step status');
  }
}

export function runBadge(s: RunStatus): Badge {
  switch (s) {
    case 'queued': return { icon: '○', tone: 'dim' };
    case 'running': return { icon: '▶', tone: 'active' };
    case 'waiting': return { icon: '?', tone: 'warn' };
    case 'completed': return { icon: '✓', tone: 'ok' };
    case 'failed': return { icon: '✗', tone: 'bad' };
    case 'cancelled': return { icon: '⊘', tone: 'dim' };
    case 'budget_exceeded': return { icon: '$', tone: 'bad' };
    default: return assertNever(s, 'run status');
  }
}

export function agentBadge(s: AgentStatus): Badge {
  switch (s) {
    case 'idle': return { icon: '●', tone: 'ok' };
    case 'working': return { icon: '▶', tone: 'active' };
    case 'error': return { icon: '✗', tone: 'bad' };
    case 'offline': return { icon: '○', tone: 'dim' };
    default: return assertNever(s, 'agent status');
  }
}

/** A queue worker: live, or stale (missed its heartbeats). */
export function workerBadge(stale: boolean): Badge {
  return stale ? { icon: '✗', tone: 'bad' } : { icon: '●', tone: 'ok' };
}

export function healthBadge(h: Health): Badge {
  switch (h) {
    case 'healthy': return { icon: '●', tone: 'ok' };
    case 'warning': return { icon: '▲', tone: 'warn' };
    case 'critical': return { icon: '✗', tone: 'bad' };
    default: return assertNever(h, 'health');
  }
}

export function alertBadge(l: AlertLevel): Badge {
  switch (l) {
    case 'info': return { icon: 'i', tone: 'plain' };
    case 'warning': return { icon: '▲', tone: 'warn' };
    case 'critical': return { icon: '✗', tone: 'bad' };
    default: return assertNever(l, 'alert level');
  }
}

export function priorityBadge(p: EventPriority): Badge {
  switch (p) {
    case 'low': return { icon: '·', tone: 'dim' };
    case 'normal': return { icon: ' ', tone: 'plain' };
    case 'high': return { icon: '!', tone: 'warn' };
    case 'urgent': return { icon: '‼', tone: 'bad' };
    default: return assertNever(p, 'priority');
  }
}
