/** The demo mesh's Jaeger query API (v1 and v3) over the traffic engine's sampled traces. */
export { startJaegerServer } from './server';
export { toOtlpResourceSpans, toV1Trace, type OtlpResourceSpans, type V1Trace } from './wire';
