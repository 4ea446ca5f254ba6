package dev.httptrace.sample;

import java.io.OutputStream;
import java.net.URI;

import dev.httptrace.HttpTrace;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * One request sent through a {@link RestClient} with a fresh {@link Waterfall} as its trace (request attribute
 * {@link HttpTrace#CLIENT_TRACE_ATTRIBUTE}), its body read to the end: what {@link WaterfallPrinter} prints.
 *
 * @param method the request method, for display
 * @param uri the request URI
 * @param waterfall the request's trace
 * @param response the response, or {@code null} when the request failed
 * @param error why the request failed, or {@code null}
 */
record TracedCall(String method, URI uri, Waterfall waterfall, @Nullable Response response, @Nullable Exception error) {

    /**
     * What came back.
     *
     * @param status the status code
     * @param bodyBytes the length of the body as read (after HttpClient decoded a compressed one)
     * @param location the {@code Location} header field of a redirect, or {@code null}
     */
    record Response(int status, long bodyBytes, @Nullable String location) {
    }

    /**
     * Sends {@code request} (its method and URI already set to {@code method} and {@code uri}) and reads the whole
     * response, whatever its status. Never throws for a failed request: the failure is in {@link #error()}.
     */
    static TracedCall send(String method, URI uri, RestClient.RequestHeadersSpec<?> request) {
        Waterfall waterfall = new Waterfall();
        try {
            Response response = request.attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, waterfall)
                    .exchange((clientRequest, clientResponse) -> {
                        waterfall.responseReceived();
                        long bytes = clientResponse.getBody().transferTo(OutputStream.nullOutputStream());
                        waterfall.bodyRead();
                        return new Response(clientResponse.getStatusCode().value(), bytes,
                                clientResponse.getHeaders().getFirst(HttpHeaders.LOCATION));
                    });
            return new TracedCall(method, uri, waterfall, response, null);
        } catch (RuntimeException failure) {
            return new TracedCall(method, uri, waterfall, null, failure);
        }
    }

    /** Whether a response came back, whatever its status. */
    boolean completed() {
        return this.response != null;
    }
}
