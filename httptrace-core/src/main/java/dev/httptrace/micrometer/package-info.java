/**
 * Micrometer timers for every phase of an HTTP exchange, fed by a per-request
 * {@link dev.httptrace.ClientTrace}: {@link dev.httptrace.micrometer.MeterClientTraceFactory}. Needs
 * {@code io.micrometer:micrometer-core} on the class path (an optional dependency of this module).
 */
@NullMarked
package dev.httptrace.micrometer;

import org.jspecify.annotations.NullMarked;
