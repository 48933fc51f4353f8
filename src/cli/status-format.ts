import { formatDuration, WORKER_STALE_MS, type Snapshot } from '../core/index.ts';
import { table, utc } from './table.ts';

function relative(t: number, now: number): string {
  const d = t - now;
  if (Math.abs(d) < 1000) return 'now';
  return d > 0 ? `in ${formatDuration(d)}` : `${formatDuration(-d)} ago`;
}

/** The queue workers of a PostgreSQL store (the snapshot has `workers` only there). */
function workerLines(s: Snapshot): string[] {
  const workers = s.workers ?? [];
  if (workers.length === 0) {
    if (s.state === 'offline') return ['  (none)'];
    return [s.work === false ? '  (none: steps wait — this amas up executes no steps itself, --no-work)' : '  (none: amas up executes the steps itself)'];
  }
  const rows = workers.map((w) => [
    w.id,
    w.host,
    String(w.pid),
    `${w.inFlight}/${w.concurrency}`,
    String(w.completed),
    String(w.failed),
    `${formatDuration(w.heartbeatAgeMs)} ago${w.stale ? ' STALE' : ''}`,
  ]);
  const stale = workers.filter((w) => w.stale).length;
  const note = stale === 0 ? [] : [`  ${stale} stale: no heartbeat for over ${formatDuration(WORKER_STALE_MS)}; its tasks go to another worker after 15s of silence`];
  return [table(['ID', 'HOST', 'PID', 'IN FLIGHT', 'DONE', 'FAILED', 'HEARTBEAT'], rows), ...note];
}

/** The human `amas status` page: header, last reload, agents, workflows, runs. Pure. */
export function formatStatus(s: Snapshot): string {
  const now = s.takenAt;
  const out: string[] = [];
  const elsewhere = s.processes !== undefined && s.processes.length > 0;
  const offline = elsewhere ? 'no amas up on this machine (the processes on the shared store are listed below)' : 'not running (start it with `amas up`)';
  const up = s.state === 'offline' ? offline : `${s.state}, up ${formatDuration(now - s.startedAt)}`;
  out.push(`${s.project.name}  ${s.project.dir}`);
  // Not running: no monitor measures anything, and `amas health` answers critical (exit 2), so a
  // health word here would contradict it.
  const health = s.state === 'offline' ? 'none (not running)' : s.health;
  const role = s.role === undefined || s.state === 'offline' ? '' : `   role: ${s.role}`;
  out.push(`state: ${up}${role}   health: ${health}   runs: ${s.counts.runsActive} active, ${s.counts.runsCompleted} completed, ${s.counts.runsFailed} failed`);
  const r = s.lastReload;
  if (r && !r.ok) {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    out.push(`spec: ${errors.length} error${errors.length === 1 ? '' : 's'}${s.state === 'offline' ? '' : ' in the last change (the last good spec keeps running)'}`);
    for (const d of errors.slice(0, 5)) out.push(`  ${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`);
    if (errors.length > 5) out.push(`  … ${errors.length - 5} more (amas validate)`);
  }
  out.push('', 'AGENTS');
  out.push(
    s.agents.length === 0
      ? '  (none)'
      : table(
          ['ID', 'STATUS', 'LOAD', 'DONE', 'FAILED', 'AVG', 'CAPABILITIES'],
          s.agents.map((a) => [a.id, a.status, `${a.inFlight}/${a.concurrency}`, String(a.completed), String(a.failed), a.avgMs === null ? '-' : formatDuration(a.avgMs), a.capabilities.join(', ')]),
        ),
  );
  if (s.workers) out.push('', 'WORKERS', ...workerLines(s));
  out.push('', 'WORKFLOWS');
  out.push(
    s.workflows.length === 0
      ? '  (none)'
      : table(
          ['ID', 'TRIGGERS', 'NEXT FIRE', 'LAST OUTCOME', 'STATE'],
          s.workflows.map((w) => [
            w.id,
            w.triggers.map((t) => (t.kind === 'manual' ? 'manual' : `${t.kind} ${t.detail}`)).join('; ') || 'manual',
            w.nextFire === null ? '-' : `${utc(w.nextFire)} (${relative(w.nextFire, now)})`,
            w.lastOutcome ? `${w.lastOutcome.status} ${relative(w.lastOutcome.at, now)}` : '-',
            `${w.paused ? 'paused' : 'active'}${w.activeRuns ? `, ${w.activeRuns} running` : ''}`,
          ]),
        ),
  );
  if (s.processes !== undefined) {
    // A PostgreSQL store: every process that drives runs on it, with the age of its heartbeat.
    out.push('', 'PROCESSES');
    out.push(
      s.processes.length === 0
        ? '  (none)'
        : table(
            ['ID', 'ROLE', 'HOST', 'PID', 'HEARTBEAT'],
            s.processes.map((p) => [p.id, p.role, p.host, String(p.pid), `${formatDuration(p.heartbeatAgeMs)} ago`]),
          ),
    );
  }
  const active = s.runs.filter((x) => x.endedAt === null);
  out.push('', s.state === 'offline' ? 'UNFINISHED RUNS (resume on the next amas up)' : 'ACTIVE RUNS');
  out.push(
    active.length === 0
      ? '  (none)'
      : table(
          ['RUN', 'WORKFLOW', 'STATUS', 'PROGRESS', 'STARTED'],
          active.map((x) => [x.id, x.workflowId, x.status, `${x.progress.done}/${x.progress.total}`, relative(x.startedAt, now)]),
        ),
  );
  return `${out.join('\n')}\n`;
}
