/**
 * The tracing API: {@link dev.httptrace.ClientTrace} and its info records, the per-exchange
 * {@link dev.httptrace.ClientTraceFactory}, and {@link dev.httptrace.HttpTrace} to attach a trace to
 * a request. Go's {@code net/http/httptrace} on the JVM.
 */
@NullMarked
package dev.httptrace;

import org.jspecify.annotations.NullMarked;
