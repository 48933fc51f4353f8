import { NonRetriableError, errorMessage } from '../../core/index.ts';
import type { CallInterceptor, CallSite, OutgoingCall } from '../../agents/index.ts';
import type { Cassette, CassetteCall } from './cassette.ts';
import { describeDifference, differences, normaliseRequest, parseIgnorePath, sameRequest, withoutIgnored } from './match.ts';

/** `amas test --record`: every call is made for real; request and answer are kept for the cassette. */
export class RecordingCalls implements CallInterceptor {
  readonly calls: CassetteCall[] = [];

  async call(call: OutgoingCall, send: () => Promise<unknown>): Promise<unknown> {
    // Kept in the order the calls were made (not answered): identical requests replay in this order.
    const entry: CassetteCall = { kind: call.kind, request: normaliseRequest(call.request) };
    this.calls.push(entry);
    try {
      const response = await send();
      entry.response = response;
      return response;
    } catch (err) {
      entry.error = errorMessage(err);
      throw err;
    }
  }
}

/**
 * `amas test` (replay): every call is answered from the cassette and none is made. A request is
 * matched to the first unused recorded call of its kind that equals it after normalising and
 * dropping the test's `match.ignore` fields, so identical requests (an agent loop's turns, retries)
 * replay in recorded order. A request with no match fails its step with the closest recording and
 * the fields that differ; the test reports it too.
 */
export class ReplayingCalls implements CallInterceptor {
  /** Why calls found no recording, for the test's report. */
  readonly mismatches: string[] = [];
  private readonly usedIdx = new Set<number>();
  private readonly ignore: (string | number)[][];
  private readonly recorded: Record<string, unknown>[];

  constructor(
    private readonly cassette: Cassette | undefined,
    private readonly cassetteRel: string,
    ignore: readonly string[],
    /** The project's redactor, applied to live requests as it was to recorded ones. */
    private readonly mask: (value: Record<string, unknown>) => Record<string, unknown>,
  ) {
    this.ignore = ignore.map(parseIgnorePath);
    this.recorded = (cassette?.calls ?? []).map((c) => withoutIgnored(c.request, this.ignore));
  }

  /** Recorded calls answered so far. */
  get used(): number {
    return this.usedIdx.size;
  }

  call(call: OutgoingCall, _send: () => Promise<unknown>, site: CallSite): Promise<unknown> {
    const live = withoutIgnored(this.mask(normaliseRequest(call.request)), this.ignore);
    const calls = this.cassette?.calls ?? [];
    for (let i = 0; i < calls.length; i++) {
      const rec = calls[i]!;
      if (this.usedIdx.has(i) || rec.kind !== call.kind || !sameRequest(this.recorded[i], live)) continue;
      this.usedIdx.add(i);
      if (rec.error !== undefined) return Promise.reject(new Error(`${rec.error} (recorded)`));
      return Promise.resolve(structuredClone(rec.response));
    }
    const message = this.explain(call, live, site);
    this.mismatches.push(message);
    return Promise.reject(new NonRetriableError(message));
  }

  private explain(call: OutgoingCall, live: Record<string, unknown>, site: CallSite): string {
    const what = `${call.kind} call of step \`${site.stepId}\` (${describeCall(call)})`;
    if (!this.cassette) return `${what} has no recording: ${this.cassetteRel} does not exist; record it with \`amas test --record\``;
    const calls = this.cassette.calls;
    let best: { i: number; diffs: ReturnType<typeof differences> } | undefined;
    for (let i = 0; i < calls.length; i++) {
      if (calls[i]!.kind !== call.kind) continue;
      const diffs = differences(this.recorded[i], live);
      const better = !best || diffs.length < best.diffs.length || (diffs.length === best.diffs.length && this.usedIdx.has(best.i) && !this.usedIdx.has(i));
      if (better) best = { i, diffs };
    }
    if (!best) return `${what} matches no recorded call: ${this.cassetteRel} holds no ${call.kind} call`;
    if (best.diffs.length === 0) {
      return `${what} was made more often than recorded: each recording of it is used up (${this.cassetteRel} call #${best.i + 1}); re-record if the workflow now makes it more often`;
    }
    const shown = best.diffs.slice(0, 8).map((d) => `  ${describeDifference(d)}`);
    const more = best.diffs.length > shown.length ? [`  … and ${best.diffs.length - shown.length} more`] : [];
    return [`${what} matches no recorded call; the closest is ${this.cassetteRel} call #${best.i + 1}, which differs in:`, ...shown, ...more].join('\n');
  }
}

function describeCall(call: OutgoingCall): string {
  const r = call.request;
  if (call.kind === 'mcp') return `tool ${String(r['tool'])} on server ${String(r['server'])}`;
  return `${String(r['method'])} ${String(r['url'])}`;
}
