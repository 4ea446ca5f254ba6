package dev.httptrace.exchange;

import java.net.URI;
import java.util.List;
import java.util.function.Function;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.TracedRequest;
import org.jspecify.annotations.Nullable;

/**
 * Gives every request an {@link ExchangeTimeline} and tells the listeners of each attempt that ended: the
 * {@link ExchangeRecorder} behind the actuator endpoint, the {@link SlowExchangeLog}, or the application's own.
 *
 * <pre>{@code
 * ExchangeRecorder recorder = new ExchangeRecorder(100, 10, 100);
 * ClientTraceFactory exchanges = new ExchangeTraceFactory(List.of(recorder));
 * }</pre>
 *
 * <p>The URI template comes from the request attribute {@code RestClient} or {@code WebClient} sets
 * ({@value #REST_CLIENT_URI_TEMPLATE_ATTRIBUTE}, {@value #WEB_CLIENT_URI_TEMPLATE_ATTRIBUTE}), or from the function given (Boot's wiring also reads
 * {@code RestTemplate}'s from the current {@code http.client.requests} observation); without one, an exchange's
 * URI is {@code scheme://host:port}.
 *
 * <p>Cost per request: the timeline, one object (its {@value #STAMPS} stamps are fields), nothing per hook.
 */
public final class ExchangeTraceFactory implements ClientTraceFactory {

    /** The request attribute in which Spring's {@code RestClient} puts the URI template. */
    public static final String REST_CLIENT_URI_TEMPLATE_ATTRIBUTE = "org.springframework.web.client.RestClient.uriTemplate";

    /** The request attribute in which Spring's {@code WebClient} puts the URI template. */
    public static final String WEB_CLIENT_URI_TEMPLATE_ATTRIBUTE =
            "org.springframework.web.reactive.function.client.WebClient.uriTemplate";

    static final int STAMPS = 16;

    private final ExchangeListener listener;

    private final Function<TracedRequest, @Nullable String> uriTemplates;

    private final @Nullable Function<TracedRequest, @Nullable String> traceIds;

    /** A factory telling {@code listeners}, in list order, of every attempt that ended. */
    public ExchangeTraceFactory(List<? extends ExchangeListener> listeners) {
        this(listeners, null, null);
    }

    /**
     * A factory telling {@code listeners}, in list order, of every attempt that ended, which asks
     * {@code uriTemplates} for a request's URI template when the request has no {@code RestClient} attribute
     * (called once per request, on its thread, before its first hook; {@code null}: none known).
     */
    public ExchangeTraceFactory(List<? extends ExchangeListener> listeners,
            @Nullable Function<TracedRequest, @Nullable String> uriTemplates) {
        this(listeners, uriTemplates, null);
    }

    /**
     * A factory as {@link #ExchangeTraceFactory(List, Function)}, which also asks {@code traceIds} for the id of the
     * distributed trace a request belongs to (called once per request, on its thread, before its first hook;
     * {@code null}: none), kept with its exchanges.
     */
    public ExchangeTraceFactory(List<? extends ExchangeListener> listeners,
            @Nullable Function<TracedRequest, @Nullable String> uriTemplates,
            @Nullable Function<TracedRequest, @Nullable String> traceIds) {
        List<ExchangeListener> all = List.copyOf(listeners);
        this.listener = all.size() == 1 ? all.get(0) : exchange -> tellAll(all, exchange);
        this.uriTemplates = uriTemplates == null ? request -> null : uriTemplates;
        this.traceIds = traceIds;
    }

    /**
     * A timeline trace for one request, to pass with {@link dev.httptrace.HttpTrace#CLIENT_TRACE_ATTRIBUTE}: it tells
     * {@code listener} of each attempt that ended (on that hook's thread; {@link ExchangeTimeline#copy()} keeps one).
     * {@code method} and {@code uri} label the timeline; of the URI only its scheme, host and port are kept.
     */
    public static ClientTrace trace(String method, URI uri, ExchangeListener listener) {
        return new TimelineTrace(listener, method, uri, null, null);
    }

    @Override
    public ClientTrace create(TracedRequest request) {
        Function<TracedRequest, @Nullable String> ids = traceIds;
        return new TimelineTrace(listener, request.method(), request.uri(), uriTemplate(request),
                ids == null ? null : ids.apply(request));
    }

    private @Nullable String uriTemplate(TracedRequest request) {
        if (request.attributes().get(REST_CLIENT_URI_TEMPLATE_ATTRIBUTE) instanceof String template) {
            return template;
        }
        if (request.attributes().get(WEB_CLIENT_URI_TEMPLATE_ATTRIBUTE) instanceof String template) {
            return template;
        }
        return uriTemplates.apply(request);
    }

    private static void tellAll(List<ExchangeListener> listeners, ExchangeTimeline exchange) {
        RuntimeException failure = null;
        for (ExchangeListener each : listeners) {
            try {
                each.exchangeDone(exchange);
            } catch (RuntimeException ex) {
                if (failure == null) {
                    failure = ex;
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "ExchangeTraceFactory[" + listener + "]";
    }
}
