package dev.httptrace.spring;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HttpTrace;
import dev.httptrace.internal.ScopeIncluded;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;

/**
 * Gives each request of a {@code RestClient} or {@code RestTemplate} its trace: the trace in the request's
 * attribute {@link HttpTrace#CLIENT_TRACE_ATTRIBUTE} first, then the thread scope's
 * ({@link HttpTrace#withClientTrace(ClientTrace)}), then a fresh one from each {@link ClientTraceFactory},
 * in list order. The composite replaces the attribute, from which {@link TracingClientHttpRequestFactory}
 * hands it to the transport; with any other request factory the hooks do not fire.
 *
 * <p>Hooks run after this interceptor returns too: {@code putIdleConn} fires when the response body is
 * closed, on the thread that closes it, and still reaches the request's trace.
 */
public final class ClientTraceInterceptor implements ClientHttpRequestInterceptor {

    private final List<ClientTraceFactory> factories;

    /** An interceptor that adds a trace from each of {@code factories} to every request. */
    public ClientTraceInterceptor(List<? extends ClientTraceFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /** An interceptor that passes on the attribute's and the thread scope's traces only. */
    public ClientTraceInterceptor() {
        this(List.of());
    }

    @Override
    public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
            throws IOException {
        Map<String, Object> attributes = request.getAttributes();
        if (RequestTraces.isComposed(attributes)) {
            return execution.execute(request, body); // an interceptor like this one already composed the trace
        }
        ClientTrace trace = RequestTraces.compose(request, factories);
        if (trace != null) {
            attributes.put(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace);
            attributes.put(ScopeIncluded.ATTRIBUTE, Boolean.TRUE);
        }
        return execution.execute(request, body);
    }

    @Override
    public String toString() {
        return "ClientTraceInterceptor" + factories;
    }
}
