import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../log';

/** The name spans are exported under unless OTEL_SERVICE_NAME says otherwise (the logger's `service`). */
export const DEFAULT_SERVICE_NAME = 'pm-vbp-subgraph';

/** The instrumentation scope of every span we make. */
export const tracer = () => trace.getTracer('pm-vbp-subgraph');

let started = false;

/** How long stopping waits for the last spans to be exported: a deploy does not wait on an unreachable collector. */
const SHUTDOWN_EXPORT_MS = 2_000;

/**
 * Whether an SDK was started here. Every seam asks this first, so with
 * tracing off a request pays one boolean test per operation and statement:
 * no context is read, no span built (the API's tracer would be a no-op too).
 */
export const tracingOn = (): boolean => started;

export interface Tracing {
  /** Exports what is buffered (for up to 2 s), then unregisters: the API falls back to its no-op tracer. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  log: Logger;
  /**
   * Where spans go. Default: OTLP over HTTP/protobuf, configured by the
   * OTEL_EXPORTER_OTLP_* variables and batched; a given exporter (tests: in
   * memory) receives each span as it ends.
   */
  exporter?: SpanExporter;
}

/**
 * Starts the OpenTelemetry SDK (config.tracing: an OTLP endpoint is set), or
 * nothing: without an endpoint the SDK is not even loaded. The W3C
 * trace-context propagator is the only one registered: `traceparent` and
 * `tracestate` are read from the router, nothing from `baggage` (whatever a
 * caller puts there is not ours to carry on).
 */
export async function startTracing(enabled: boolean, options: TracingOptions): Promise<Tracing | null> {
  if (!enabled) return null;
  if (started) throw new Error('tracing is already started');
  const { registerTracerProvider } = await import('./sdk');
  // The SDK's own failures (an unreachable collector) are worth a warning; they name no request data.
  diag.setLogger({
    error: (message) => options.log.warn({ telemetry: message }, 'tracing'),
    warn: (message) => options.log.warn({ telemetry: message }, 'tracing'),
    info: () => undefined, debug: () => undefined, verbose: () => undefined,
  }, DiagLogLevel.WARN);
  const provider = registerTracerProvider({ serviceName: DEFAULT_SERVICE_NAME, exporter: options.exporter });
  started = true;
  return {
    async shutdown() {
      if (!started) return;
      started = false;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([provider.shutdown(), new Promise((resolve) => { timer = setTimeout(resolve, SHUTDOWN_EXPORT_MS); })]);
      clearTimeout(timer);
      trace.disable();
      context.disable();
      propagation.disable();
      diag.disable();
    },
  };
}
