package dev.httptrace.spring;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.Map;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import dev.httptrace.hc5.TracingHttpClients;
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

    /** A factory over a traced client with HttpClient's defaults. */
    public TracingClientHttpRequestFactory() {
        this(TracingHttpClients.createDefault());
    }

    /** A factory over {@code httpClient}, which should come from {@link TracingHttpClients}. */
    public TracingClientHttpRequestFactory(HttpClient httpClient) {
        super(httpClient);
    }

    @Override
    public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
        try {
            ClientHttpRequest request = super.createRequest(uri, httpMethod);
            HttpClientContext context = CREATED_CONTEXT.get();
            return context == null ? request : new TracedRequest(request, context);
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
    private static final class TracedRequest implements ClientHttpRequest, StreamingHttpOutputMessage {

        private final ClientHttpRequest delegate;

        private final HttpClientContext context;

        TracedRequest(ClientHttpRequest delegate, HttpClientContext context) {
            this.delegate = delegate;
            this.context = context;
        }

        @Override
        public ClientHttpResponse execute() throws IOException {
            Map<String, Object> attributes = delegate.getAttributes();
            if (attributes.get(HttpTrace.CLIENT_TRACE_ATTRIBUTE) instanceof ClientTrace trace) {
                boolean scopeIncluded = Boolean.TRUE.equals(attributes.get(HttpTrace.SCOPE_INCLUDED_ATTRIBUTE));
                if (context instanceof RequestContext own) {
                    own.trace = trace;
                    own.scopeIncluded = scopeIncluded;
                } else {
                    context.setAttribute(HttpTrace.CLIENT_TRACE_ATTRIBUTE, trace);
                    context.setAttribute(HttpTrace.SCOPE_INCLUDED_ATTRIBUTE, scopeIncluded);
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
                if (HttpTrace.SCOPE_INCLUDED_ATTRIBUTE.equals(id)) {
                    return scopeIncluded;
                }
            }
            return super.getAttribute(id);
        }
    }
}
