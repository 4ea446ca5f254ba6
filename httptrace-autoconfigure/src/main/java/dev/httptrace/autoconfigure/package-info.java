/**
 * Spring Boot auto-configuration for httptrace: {@link dev.httptrace.autoconfigure.HttpTraceAutoConfiguration}
 * (the traced HTTP client transport, which gives {@code RestClient}, {@code RestTemplate} and HTTP interface
 * client requests the traces of the {@code ClientTraceFactory} beans),
 * {@link dev.httptrace.autoconfigure.HttpTraceMetricsAutoConfiguration} (Micrometer timers) and their
 * {@link dev.httptrace.autoconfigure.HttpTraceProperties} ({@code httptrace.*}).
 */
@NullMarked
package dev.httptrace.autoconfigure;

import org.jspecify.annotations.NullMarked;
