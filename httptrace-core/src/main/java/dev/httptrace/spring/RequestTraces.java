package dev.httptrace.spring;

import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HttpTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.internal.ScopeIncluded;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpRequest;

/**
 * The trace of one Spring request, composed in this order: the trace in the request's attribute
 * {@link HttpTrace#CLIENT_TRACE_ATTRIBUTE}, the thread scope's ({@link HttpTrace#withClientTrace(ClientTrace)}),
 * then a fresh one from each {@link ClientTraceFactory}, in list order. Shared by {@link ClientTraceInterceptor}
 * and {@link TracingClientHttpRequestFactory}, whichever composes first (the other sees
 * {@link ScopeIncluded#ATTRIBUTE} and leaves the composite as it is).
 */
final class RequestTraces {

    private RequestTraces() {
    }

    /** The request's composite trace, or null when there is none (no attribute, no scope, no factory). */
    static @Nullable ClientTrace compose(HttpRequest request, List<ClientTraceFactory> factories) {
        return compose(request.getMethod().name(), request.getURI(), request.getAttributes(), HttpTrace.scopeClientTrace(),
                factories);
    }

    /**
     * The composite trace of a request with {@code method}, {@code uri} and {@code attributes}: the attribute's, then
     * {@code scope} (may be null), then each factory's; null when there is none.
     */
    static @Nullable ClientTrace compose(String method, URI uri, Map<String, Object> attributes,
            @Nullable ClientTrace scope, List<ClientTraceFactory> factories) {
        ClientTrace trace = compose(attributes.get(HttpTrace.CLIENT_TRACE_ATTRIBUTE) instanceof ClientTrace given ? given : null,
                scope);
        if (!factories.isEmpty()) {
            TracedRequest traced = new TracedRequest(method, uri, attributes);
            for (ClientTraceFactory factory : factories) {
                trace = compose(trace, factory.create(traced));
            }
        }
        return trace;
    }

    /** Whether an interceptor or factory has already composed the request's trace (scope included). */
    static boolean isComposed(Map<String, Object> attributes) {
        return Boolean.TRUE.equals(attributes.get(ScopeIncluded.ATTRIBUTE));
    }

    private static @Nullable ClientTrace compose(@Nullable ClientTrace first, @Nullable ClientTrace next) {
        if (first == null) {
            return next == ClientTrace.NONE ? null : next;
        }
        return next == null ? first : first.andThen(next);
    }
}
