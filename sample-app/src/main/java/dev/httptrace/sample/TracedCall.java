package dev.httptrace.sample;

import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.httptrace.HttpTrace;
import dev.httptrace.exchange.ExchangeTimeline;
import dev.httptrace.exchange.ExchangeTraceFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One request sent through a {@link RestClient} (or a {@link WebClient}) with its own exchange timeline as its trace (request attribute
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

    /** How long a WebClient call may take before the demo gives up on it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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

    /**
     * As {@link #send(String, URI, RestClient.RequestHeadersSpec)}, through a {@link WebClient} (on Reactor Netty),
     * waiting for its response on this thread.
     */
    static TracedCall send(String method, URI uri, WebClient.RequestHeadersSpec<?> request) {
        List<ExchangeTimeline> attempts = new CopyOnWriteArrayList<>();
        CountDownLatch ended = new CountDownLatch(1);
        // the attempt ends on Netty's event loop, maybe just after the response reached this thread
        var trace = ExchangeTraceFactory.trace(method, uri, (attempt) -> {
            attempts.add(attempt.copy());
            ended.countDown();
        });
        Response response = null;
        RuntimeException error = null;
        try {
            response = request.attribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace)
                    .exchangeToMono((clientResponse) -> clientResponse.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map((body) -> new Response(clientResponse.statusCode().value(), body.length,
                                    clientResponse.headers().asHttpHeaders().getFirst(HttpHeaders.LOCATION))))
                    .block(TIMEOUT);
        } catch (RuntimeException failure) {
            error = failure;
        }
        try {
            ended.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return new TracedCall(method, uri, attempts, response, error);
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
