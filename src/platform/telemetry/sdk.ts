import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * The SDK itself, loaded only when tracing is on (tracing.ts). The provider
 * reads OTEL_TRACES_SAMPLER (default: follow the caller's sampling decision,
 * sample our own roots) and the span limits from the environment; the OTLP
 * exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT), _HEADERS,
 * _TIMEOUT and _COMPRESSION; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES
 * name the service.
 */
export function registerTracerProvider({ serviceName, exporter }: { serviceName: string; exporter?: SpanExporter }): NodeTracerProvider {
  // Later wins: the SDK's own attributes, our name, then the environment's.
  const resource = defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }))
    .merge(detectResources({ detectors: [envDetector] }));
  const processor = exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  // The default context manager (AsyncLocalStorage) carries the operation's span into its resolvers' SQL.
  provider.register({ propagator: new W3CTraceContextPropagator() });
  return provider;
}
