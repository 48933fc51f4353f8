import type { Rule } from './base.ts';

/**
 * AMAS360: `telemetry.otlp.endpoint` is not an http(s) URL. Checked when the endpoint is plain
 * text; one built by an expression is checked when it is rendered (the runtime then logs why
 * runs are not traced, docs/telemetry.md). Without this, a typo (`collector:4318`, a missing
 * scheme) would silently turn traces off.
 */
export const telemetryEndpoint: Rule = {
  name: 'telemetry-endpoint',
  codes: ['AMAS360'],
  check(ctx) {
    const endpoint = ctx.project.telemetry?.otlp?.endpoint;
    if (!ctx.projectFile || endpoint === undefined || endpoint.includes('${{')) return;
    let problem: string | undefined;
    try {
      const u = new URL(endpoint.trim());
      if (u.protocol !== 'http:' && u.protocol !== 'https:') problem = `its scheme is ${u.protocol.slice(0, -1)}`;
    } catch {
      problem = 'it is not a URL';
    }
    if (problem === undefined) return;
    ctx.at(ctx.projectFile, ['telemetry', 'otlp', 'endpoint'], 'AMAS360', `telemetry endpoint \`${endpoint}\` is not an http(s) URL: ${problem}`, {
      hint: 'give the OTLP/HTTP receiver\'s base URL, e.g. http://127.0.0.1:4318 (spans go to <endpoint>/v1/traces)',
    });
  },
};
