package dev.httptrace;

import java.net.URI;
import java.util.Collections;
import java.util.Map;

/**
 * The request a {@link ClientTraceFactory} creates a trace for.
 *
 * @param method the HTTP method ({@code GET})
 * @param uri the request URI, as the application gave it (it may hold user-info and a query: do not put it
 *     into metric tags or logs unredacted)
 * @param attributes the request's attributes (Spring's {@code ClientHttpRequest.getAttributes()}), a read-only view
 */
public record TracedRequest(String method, URI uri, Map<String, Object> attributes) {

    public TracedRequest {
        attributes = Collections.unmodifiableMap(attributes);
    }
}
