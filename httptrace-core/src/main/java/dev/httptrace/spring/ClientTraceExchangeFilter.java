package dev.httptrace.spring;

import java.util.List;
import java.util.function.Supplier;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.reactor.TracingReactorNetty;
import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.jspecify.annotations.Nullable;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * The {@code WebClient} filter that gives each request its trace: the one in the request attribute
 * {@link dev.httptrace.HttpTrace#CLIENT_TRACE_ATTRIBUTE}, then a fresh one from each {@link ClientTraceFactory}, in
 * order, carried in the request's Reactor context to a Reactor Netty client wired by
 * {@link TracingReactorNetty#trace}, which fires the hooks. The thread scope does not apply: a reactive request has
 * no thread of its own. A request without any trace passes unchanged.
 */
public final class ClientTraceExchangeFilter implements ExchangeFilterFunction {

    private final Supplier<? extends List<ClientTraceFactory>> factories;

    private final HookErrorHandler errors;

    /**
     * @param factories asked for the trace factories on each request (Boot: the factory beans, in order)
     * @param errors told of every hook that throws
     */
    public ClientTraceExchangeFilter(Supplier<? extends List<ClientTraceFactory>> factories, HookErrorHandler errors) {
        this.factories = factories;
        this.errors = errors;
    }

    /**
     * Composes the request's trace when the exchange is subscribed, with the request's {@code http.client.requests}
     * observation (from the Reactor context) current on the thread meanwhile, so that factories that read the
     * current observation (the span events) find it as they do for {@code RestClient}.
     */
    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return Mono.deferContextual((context) -> {
            ClientTrace trace = compose(request, context.getOrDefault(ObservationThreadLocalAccessor.KEY, null));
            if (trace == null) {
                return next.exchange(request);
            }
            return next.exchange(request)
                    .contextWrite((written) -> TracingReactorNetty.withTrace(written, trace, request.url(), errors));
        });
    }

    private @Nullable ClientTrace compose(ClientRequest request, @Nullable Observation observation) {
        Observation.Scope scope = observation == null ? null : observation.openScope();
        try {
            return RequestTraces.compose(request.method().name(), request.url(), request.attributes(), null,
                    factories.get());
        } finally {
            if (scope != null) {
                scope.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ClientTraceExchangeFilter";
    }
}
