package dev.httptrace;

import java.util.Objects;

import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Attaches a {@link ClientTrace} to requests: Go's {@code httptrace.WithClientTrace} and
 * {@code ContextClientTrace}, for HttpClient 5's {@link HttpContext}, plus a thread-bound scope for code
 * that cannot reach the request.
 *
 * <p>A request's trace is the one in the {@link HttpContext} passed to {@code execute}, then the thread
 * scope's, composed in that order. Traces only take effect on a client built by
 * {@code dev.httptrace.hc5.TracingHttpClients}.
 */
public final class HttpTrace {

    /**
     * The attribute under which a request's {@link ClientTrace} is found: in an {@link HttpContext}, and
     * in Spring's request attributes ({@code RestClient...attribute(CLIENT_TRACE_ATTRIBUTE, trace)}).
     */
    public static final String CLIENT_TRACE_ATTRIBUTE = "dev.httptrace.ClientTrace";

    /**
     * The per-thread scope, the one static state users set. The transport has two more thread-local hand-overs of
     * its own, each set and restored within one call: the running attempt ({@code hc5.TraceAttempt}) and the
     * context of the request being created ({@code spring.TracingClientHttpRequestFactory}).
     */
    private static final ThreadLocal<@Nullable ClientTrace> SCOPE = new ThreadLocal<>();

    private HttpTrace() {
    }

    /**
     * Go's {@code WithClientTrace}: returns a new context, child of {@code parent}, whose trace is
     * {@code trace} composed before the trace {@code parent} already has (so {@code trace}'s hooks run
     * first). {@code parent} is not changed; the child sees its attributes and, when it is an
     * {@link HttpClientContext}, its request configuration, cookie store, credentials, auth cache and user
     * token. What the client records during the request (route, redirect locations) goes into the child.
     */
    public static HttpClientContext withClientTrace(HttpContext parent, ClientTrace trace) {
        Objects.requireNonNull(trace, "trace");
        ClientTrace existing = contextClientTrace(parent);
        HttpClientContext child = new TraceContext(parent, existing == null ? trace : trace.andThen(existing));
        if (parent instanceof HttpClientContext settings) {
            copySettings(settings, child);
        }
        return child;
    }

    /** Go's {@code ContextClientTrace}: the trace attached to {@code context} (or a parent of it), or {@code null}. */
    public static @Nullable ClientTrace contextClientTrace(HttpContext context) {
        return context.getAttribute(CLIENT_TRACE_ATTRIBUTE) instanceof ClientTrace trace ? trace : null;
    }

    /**
     * Binds {@code trace} to the current thread until the returned scope is closed: requests this thread
     * executes meanwhile are traced by it too (after their context's trace). Scopes nest: an inner scope's
     * trace runs before the outer one's. Close on the same thread, innermost first (try-with-resources).
     */
    public static Scope withClientTrace(ClientTrace trace) {
        Objects.requireNonNull(trace, "trace");
        ClientTrace outer = SCOPE.get();
        SCOPE.set(outer == null ? trace : trace.andThen(outer));
        return new ThreadScope(Thread.currentThread(), outer);
    }

    /** The trace bound to the current thread by {@link #withClientTrace(ClientTrace)}, or {@code null}. */
    public static @Nullable ClientTrace scopeClientTrace() {
        return SCOPE.get();
    }

    private static void copySettings(HttpClientContext from, HttpClientContext to) {
        if (from.getRequestConfig() != null) {
            to.setRequestConfig(from.getRequestConfig());
        }
        if (from.getCookieStore() != null) {
            to.setCookieStore(from.getCookieStore());
        }
        if (from.getCredentialsProvider() != null) {
            to.setCredentialsProvider(from.getCredentialsProvider());
        }
        if (from.getAuthCache() != null) {
            to.setAuthCache(from.getAuthCache());
        }
        if (from.getUserToken() != null) {
            to.setUserToken(from.getUserToken());
        }
    }

    /** A thread-bound trace scope; closing it restores the trace the thread had before. */
    public interface Scope extends AutoCloseable {

        /** Restores the thread's previous trace. Idempotent. */
        @Override
        void close();
    }

    private static final class ThreadScope implements Scope {

        private final Thread owner;

        private final @Nullable ClientTrace outer;

        private boolean closed;

        ThreadScope(Thread owner, @Nullable ClientTrace outer) {
            this.owner = owner;
            this.outer = outer;
        }

        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("A trace scope must be closed on the thread that opened it ("
                        + owner.getName() + ")");
            }
            if (closed) {
                return;
            }
            closed = true;
            if (outer == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(outer);
            }
        }
    }
}
