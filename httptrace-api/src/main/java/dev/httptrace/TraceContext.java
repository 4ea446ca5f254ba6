package dev.httptrace;

import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * The child context of {@link HttpTrace#withClientTrace(HttpContext, ClientTrace)}: holds the trace in a field
 * instead of an attribute, so that a traced request costs no attribute map of its own.
 */
final class TraceContext extends HttpClientContext {

    private final ClientTrace trace;

    TraceContext(HttpContext parent, ClientTrace trace) {
        super(parent);
        this.trace = trace;
    }

    @Override
    public @Nullable Object getAttribute(String id) {
        return HttpTrace.CLIENT_TRACE_ATTRIBUTE.equals(id) ? trace : super.getAttribute(id);
    }
}
