// Public face of src/telemetry: OpenTelemetry traces built from the event stream (docs/telemetry.md).
// May import core, engine (event types) and expr (.dependency-cruiser.cjs); owns @opentelemetry/*,
// which only pipeline.ts and span-builder.ts load, through a dynamic import().
export { Telemetry, type TelemetryOptions } from './telemetry.ts';
export { resolveTelemetry, tracesUrl, type OtlpSettings, type TelemetrySettings } from './config.ts';
export { isTracedEvent, TRACED_EVENT_TYPES, type TracedEvent, type ToolCallStartedEvent, type ToolCallFinishedEvent, type ToolKind } from './events.ts';
