/**
 * The {@code httpclientexchanges} actuator endpoint: recent and slowest outgoing exchanges with their phases, as
 * JSON, as HAR 1.2, and as a self-contained waterfall page.
 */
@NullMarked
package dev.httptrace.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
