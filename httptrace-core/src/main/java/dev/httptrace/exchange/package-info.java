/**
 * Recent exchanges: one {@link dev.httptrace.exchange.ExchangeTimeline} per attempt, built from the hooks, and
 * its views (phases as HAR 1.2 and Chrome name them, the slow-call log line, the recorder behind the actuator
 * endpoint, HAR). Nothing here records a header, a query string, user-info or a raw path.
 */
@NullMarked
package dev.httptrace.exchange;

import org.jspecify.annotations.NullMarked;
