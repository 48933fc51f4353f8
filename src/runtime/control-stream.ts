// The event stream over the control socket: `events.stream` (what `amas events tail` reads) and
// `run.start` with `follow` (what `amas run` against a running `amas up` uses): one request whose
// answer comes when the run ends, with the run's events pushed as notifications while it runs —
// no polling. Events are the stream's, already masked; the socket masks its lines again anyway.
import { AmasError } from '../core/index.ts';
import { InvalidParamsError, obj, optNum, optStr, record, str, type ControlHandler, type Params } from './control/index.ts';
import type { EventFilter } from './event-stream.ts';
import type { Runtime } from './runtime.ts';

/** The notification method that carries one stream event. */
export const STREAM_NOTIFICATION = 'stream';

function filterOf(p: Params): EventFilter {
  const types = p.types;
  if (types !== undefined && !(Array.isArray(types) && types.every((t) => typeof t === 'string'))) throw new InvalidParamsError('types must be a list of strings');
  const workflow = optStr(p, 'workflow');
  const runId = optStr(p, 'runId');
  return { ...(types ? { types: types as string[] } : {}), ...(workflow ? { workflow } : {}), ...(runId ? { runId } : {}) };
}

export function streamHandlers(rt: Runtime): Record<string, ControlHandler> {
  const stream = rt.project.stream;
  return {
    /** Held events after `after` (default: none, live only), then every new one, until the client hangs up. */
    'events.stream': (raw, client) => {
      const p = obj(raw);
      const after = optNum(p, 'after');
      const off = stream.subscribe((e) => client.notify(STREAM_NOTIFICATION, e), { after: after ?? stream.lastSeq, filter: filterOf(p) });
      client.onClose(off);
      return { subscribed: true, lastSeq: stream.lastSeq, firstSeq: stream.firstSeq };
    },

    'run.start': async (raw, client) => {
      const p = obj(raw);
      const workflow = str(p, 'workflow');
      const via = p.via === 'cli' ? 'cli' : 'socket';
      const before = stream.lastSeq;
      const outcome = rt.startRun({ workflow, inputs: record(p, 'inputs'), origin: { kind: 'manual', via } });
      if (outcome.kind === 'skipped') throw new AmasError('AMAS_RUN_SKIPPED', `not started: ${outcome.reason}`);
      if (outcome.kind === 'queued') {
        await outcome.durable; // the answer means journaled
        return { runId: outcome.runId, queued: true };
      }
      if (p.follow === true) {
        // From before the start: the run's first events may have been published while it started.
        const off = stream.subscribe((e) => client.notify(STREAM_NOTIFICATION, e), { after: before, filter: { runId: outcome.runId } });
        client.onClose(off);
        try {
          return { runId: outcome.runId, result: (await rt.waitFor(outcome.runId)) ?? null };
        } finally {
          off();
        }
      }
      if (p.wait === true) return { runId: outcome.runId, result: await rt.waitFor(outcome.runId) };
      return { runId: outcome.runId, queued: false };
    },
  };
}
