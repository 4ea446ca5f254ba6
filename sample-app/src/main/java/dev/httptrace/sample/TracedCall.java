package dev.httptrace.sample;

import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import dev.httptrace.HttpTrace;
import dev.httptrace.exchange.ExchangeTimeline;
import dev.httptrace.exchange.ExchangeTraceFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * One request sent through a {@link RestClient} with its own exchange timeline as its trace (request attribute
 * {@link HttpTrace#CLIENT_TRACE_ATTRIBUTE}, {@link ExchangeTraceFactory#trace}: the timeline the actuator endpoint
 * and the slow-call log show), its body read to the end: what {@link WaterfallPrinter} prints.
 *
 * @param method the request method, for display
 * @param uri the request URI
 * @param attempts the request's attempts as their timelines recorded them, in order (more than one when HttpClient
 *     retried it); empty when it never asked for a connection
 * @param response the response, or {@code null} when the request failed
 * @param error why the request failed, or {@code null}
 */
record TracedCall(String method, URI uri, List<ExchangeTimeline> attempts, @Nullable Response response,
        @Nullable Exception error) {

    TracedCall {
        attempts = List.copyOf(attempts);
    }

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
        List<ExchangeTimeline> attempts = new ArrayList<>();
        var trace = ExchangeTraceFactory.trace(method, uri, (attempt) -> attempts.add(attempt.copy()));
        try {
            Response response = request.attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace)
                    .exchange((clientRequest, clientResponse) -> {
                        long bytes = clientResponse.getBody().transferTo(OutputStream.nullOutputStream());
                        return new Response(clientResponse.getStatusCode().value(), bytes,
                                clientResponse.getHeaders().getFirst(HttpHeaders.LOCATION));
                    });
            return new TracedCall(method, uri, attempts, response, null);
        } catch (RuntimeException failure) {
            return new TracedCall(method, uri, attempts, null, failure);
        }
    }

    /** Whether a response came back, whatever its status. */
    boolean completed() {
        return this.response != null;
    }

    /** The last attempt's timeline, or {@code null} when there was none. */
    @Nullable ExchangeTimeline lastAttempt() {
        return this.attempts.isEmpty() ? null : this.attempts.get(this.attempts.size() - 1);
    }
}
