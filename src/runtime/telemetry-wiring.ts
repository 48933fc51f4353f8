// OpenTelemetry traces of a project's runs (docs/telemetry.md): the stream is listened to only while
// traces are configured or a traced run is still going, so a project without `telemetry:` pays
// nothing and loads nothing of OpenTelemetry.
import type { Clock, Logger } from '../core/index.ts';
import type { ProjectModel } from '../spec/index.ts';
import { isTracedEvent, resolveTelemetry, Telemetry } from '../telemetry/index.ts';
import type { EventStream, RuntimeEvent } from './event-stream.ts';

export class ProjectTelemetry {
  private readonly telemetry: Telemetry;
  private unsubscribe: (() => void) | undefined;
  /** The last configuration error reported, so a reload that keeps it does not repeat it. */
  private lastError: string | undefined;

  constructor(
    private readonly stream: EventStream,
    private readonly logger: Logger,
    clock: Clock,
  ) {
    this.telemetry = new Telemetry({ logger, clock });
  }

  /** Reads `telemetry:` and the OTEL_* environment again (on open and after each reload): it applies to new runs. */
  configure(model: ProjectModel, env: Record<string, string | undefined>, secrets: Record<string, string | undefined>): void {
    const s = resolveTelemetry(model.project, env, secrets);
    if (!s.ok) {
      if (s.error !== this.lastError) this.logger.warn(`telemetry: ${s.error}; runs are not traced`);
      this.lastError = s.error;
    } else this.lastError = undefined;
    this.telemetry.configure(s.ok ? s.otlp : undefined);
    this.listen();
  }

  /** Ends the spans of runs still going, exports what is left and waits for it (bounded). */
  async close(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await this.telemetry.close();
  }

  private readonly onEvent = (e: RuntimeEvent): void => {
    if (!isTracedEvent(e)) return;
    this.telemetry.handle(e);
    if (e.type === 'run_finished') this.listen();
  };

  private listen(): void {
    if (this.telemetry.active && !this.unsubscribe) this.unsubscribe = this.stream.subscribe(this.onEvent);
    else if (!this.telemetry.active && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = undefined;
    }
  }
}
