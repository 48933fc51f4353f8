// The OpenTelemetry SDK for one export target: loaded by a dynamic import() only when traces are
// configured, so a project without `telemetry:` never loads any of it (docs/telemetry.md).
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../core/index.ts';
import { VERSION } from '../core/index.ts';
import type { OtlpSettings } from './config.ts';
import type { TracedEvent } from './events.ts';
import { SpanBuilder } from './span-builder.ts';

/** How long one export request may take; the batch processor keeps runs from ever waiting on it. */
const EXPORT_TIMEOUT_MS = 5_000;

type ExportResult = Parameters<Parameters<SpanExporter['export']>[1]>[0];

/**
 * The OTLP exporter, reporting its first failure (and the first success after failures) to the
 * log: a collector that is down costs one warning, not one per batch.
 */
class LoggedExporter implements SpanExporter {
  private failing = false;
  constructor(
    private readonly inner: SpanExporter,
    private readonly url: string,
    private readonly logger: Logger,
  ) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.inner.export(spans, (result) => {
      // ExportResultCode.SUCCESS is 0.
      if (result.code !== 0 && !this.failing) {
        this.failing = true;
        this.logger.warn('OpenTelemetry export failed; spans are dropped until the endpoint answers', { endpoint: this.url, error: result.error?.message ?? 'unknown error' });
      } else if (result.code === 0 && this.failing) {
        this.failing = false;
        this.logger.info('OpenTelemetry export works again', { endpoint: this.url });
      }
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** One tracer provider, batch processor and OTLP/HTTP (JSON) exporter, fed with stream events. */
export class Pipeline {
  private readonly provider: BasicTracerProvider;
  private readonly builder: SpanBuilder;

  constructor(
    readonly settings: OtlpSettings,
    logger: Logger,
  ) {
    const exporter = new OTLPTraceExporter({ url: settings.url, headers: settings.headers, timeoutMillis: EXPORT_TIMEOUT_MS });
    this.provider = new BasicTracerProvider({
      resource: defaultResource().merge(resourceFromAttributes({ 'service.name': settings.serviceName, 'service.version': VERSION })),
      spanProcessors: [new BatchSpanProcessor(new LoggedExporter(exporter, settings.url, logger), { exportTimeoutMillis: EXPORT_TIMEOUT_MS })],
    });
    this.builder = new SpanBuilder(this.provider.getTracer('amas', VERSION));
  }

  get openRuns(): number {
    return this.builder.openRuns;
  }

  handle(e: TracedEvent): void {
    this.builder.handle(e);
  }

  /** Ends what is still open at `at`, exports everything and stops. */
  async shutdown(at: number): Promise<void> {
    this.builder.endAll(at, 'amas stopped before the run finished');
    await this.provider.forceFlush();
    await this.provider.shutdown();
  }
}
