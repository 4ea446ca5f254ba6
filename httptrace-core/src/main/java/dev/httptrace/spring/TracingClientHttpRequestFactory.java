package dev.httptrace.spring;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HttpTrace;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.internal.ScopeIncluded;
import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * Spring's HttpComponents request factory over a traced HttpClient 5
 * ({@link TracingHttpClients}), which also hands each request's trace to the transport: when a request
 * executes, the {@link ClientTrace} in its attribute {@link HttpTrace#CLIENT_TRACE_ATTRIBUTE} (set with
 * {@code RestClient...attribute(...)}, or by {@link ClientTraceInterceptor}) goes into its
 * {@code HttpContext}. Spring's own factory does not copy request attributes into the context.
 *
 * <p>Given {@link ClientTraceFactory factories}, it composes the request's trace itself at that moment, as
 * {@link ClientTraceInterceptor} would (the attribute's trace, the thread scope's, then one from each factory):
 * no interceptor is needed, so Spring neither buffers the request body nor copies the request as it does for
 * any interceptor. A trace an interceptor already composed is used as it is.
 *
 * <p>Everything else is Spring's {@link HttpComponentsClientHttpRequestFactory}: streaming bodies, the
 * request-level timeouts, {@link #destroy()} closing the client. Give it a client built by
 * {@link TracingHttpClients}; on any other client the hooks do not fire.
 */
public class TracingClientHttpRequestFactory extends HttpComponentsClientHttpRequestFactory {

    /**
     * Hands the context {@link #createHttpContext} made to {@link #createRequest}, which called it on the
     * same thread; set and cleared (to null: the thread keeps an empty entry) within one {@code createRequest}
     * call.
     */
    private static final ThreadLocal<@Nullable HttpClientContext> CREATED_CONTEXT = new ThreadLocal<>();

    private final List<ClientTraceFactory> factories;

    /** A factory over a traced client with HttpClient's defaults. */
    public TracingClientHttpRequestFactory() {
        this(TracingHttpClients.createDefault());
    }

    /** A factory over {@code httpClient}, which should come from {@link TracingHttpClients}. */
    public TracingClientHttpRequestFactory(HttpClient httpClient) {
        this(httpClient, List.of());
    }

    /**
     * A factory over {@code httpClient} (from {@link TracingHttpClients}) that gives every request a fresh
     * trace from each of {@code factories}, in list order, after the attribute's and the thread scope's.
     */
    public TracingClientHttpRequestFactory(HttpClient httpClient, List<? extends ClientTraceFactory> factories) {
        super(httpClient);
        this.factories = List.copyOf(factories);
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
        try {
            ClientHttpRequest request = super.createRequest(uri, httpMethod);
            HttpClientContext context = CREATED_CONTEXT.get();
            return context == null ? request : new ComposingRequest(request, context, factories);
        } finally {
            // set, not remove: the thread keeps its map entry, so the next request allocates none
            CREATED_CONTEXT.set(null);
        }
    }

    @Override
    protected @Nullable HttpContext createHttpContext(HttpMethod httpMethod, URI uri) {
        HttpContext configured = super.createHttpContext(httpMethod, uri);
        // the user's own context (setHttpContextFactory) keeps its settings; ours holds the trace in fields
        HttpClientContext context = configured == null ? new RequestContext() : HttpClientContext.castOrCreate(configured);
        CREATED_CONTEXT.set(context);
        return context;
    }

    /** Spring's request, which moves the trace from the request's attributes into its context on execute. */
    private static final class ComposingRequest implements ClientHttpRequest, StreamingHttpOutputMessage {

        private final ClientHttpRequest delegate;

        private final HttpClientContext context;

        private final List<ClientTraceFactory> factories;

        ComposingRequest(ClientHttpRequest delegate, HttpClientContext context, List<ClientTraceFactory> factories) {
            this.delegate = delegate;
            this.context = context;
            this.factories = factories;
        }

        @Override
        public ClientHttpResponse execute() throws IOException {
            Map<String, Object> attributes = delegate.getAttributes();
            boolean scopeIncluded = RequestTraces.isComposed(attributes);
            ClientTrace trace;
            if (factories.isEmpty() || scopeIncluded) {
                // the attribute's trace as it is; without the marker the transport adds the thread scope's
                trace = attributes.get(HttpTrace.CLIENT_TRACE_ATTRIBUTE) instanceof ClientTrace given ? given : null;
            } else {
                trace = RequestTraces.compose(this, factories);
                scopeIncluded = true;
            }
            if (trace != null) {
                if (context instanceof RequestContext own) {
                    own.trace = trace;
                    own.scopeIncluded = scopeIncluded;
                } else {
                    context.setAttribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace);
                    context.setAttribute(ScopeIncluded.ATTRIBUTE, scopeIncluded);
                }
            }
            return delegate.execute();
        }

        @Override
        public void setBody(Body body) {
            ((StreamingHttpOutputMessage) delegate).setBody(body);
        }

        @Override
        public OutputStream getBody() throws IOException {
            return delegate.getBody();
        }

        @Override
        public HttpHeaders getHeaders() {
            return delegate.getHeaders();
        }

        @Override
        public HttpMethod getMethod() {
            return delegate.getMethod();
        }

        @Override
        public URI getURI() {
            return delegate.getURI();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return delegate.getAttributes();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }

    /**
     * The request's context: the trace and the scope marker live in fields that {@link #getAttribute} answers for,
     * so a traced request costs no attribute map.
     */
    private static final class RequestContext extends HttpClientContext {

        private @Nullable ClientTrace trace;

        private boolean scopeIncluded;

        @Override
        public @Nullable Object getAttribute(String id) {
            if (trace != null) {
                if (HttpTrace.CLIENT_TRACE_ATTRIBUTE.equals(id)) {
                    return trace;
                }
                if (ScopeIncluded.ATTRIBUTE.equals(id)) {
                    return scopeIncluded;
                }
            }
            return super.getAttribute(id);
        }
    }
}
