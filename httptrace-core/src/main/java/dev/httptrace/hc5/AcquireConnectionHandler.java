package dev.httptrace.hc5;

import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.httptrace.ClientTrace;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.HttpTrace;
import dev.httptrace.internal.HostPorts;
import dev.httptrace.internal.ScopeIncluded;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.jspecify.annotations.Nullable;

/**
 * Runs before HttpClient's {@code CONNECT} step, once per attempt (retries and redirect hops included):
 * finds the request's trace (the context's, then the thread scope's), binds a {@link TraceAttempt} to the
 * thread for the rest of the attempt, fires {@code getConn}, leases the connection itself (as
 * {@code ConnectExec} would) and fires {@code gotConn} for a pooled one. A new connection's {@code gotConn}
 * waits for {@link TracingRequestExecutor}, which fires it once the connection is ready. An attempt that
 * fails before it has its connection ends with {@code getConnFailed}. Untraced requests pass straight
 * through. Relies on HttpClient's {@code @Internal} {@link ExecRuntime}: the only way to lease the endpoint
 * before {@code ConnectExec} does.
 */
final class AcquireConnectionHandler implements ExecChainHandler {

    static final String NAME = "httptrace-acquire-connection";

    /** Routes are few; their {@code host:port} text is made once each (at most this many kept). */
    private static final int MAX_CACHED_HOSTS = 256;

    private final HookErrorHandler hookErrors;

    private final ConcurrentMap<HttpHost, String> hostPorts = new ConcurrentHashMap<>();

    AcquireConnectionHandler(HookErrorHandler hookErrors) {
        this.hookErrors = hookErrors;
    }

    @Override
    public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClientTrace trace = traceOf(scope.clientContext);
        if (trace == null) {
            return chain.proceed(request, scope);
        }
        TraceAttempt attempt = new TraceAttempt(trace, hookErrors);
        TraceAttempt outer = attempt.bind();
        try {
            ExecRuntime runtime = scope.execRuntime;
            if (!runtime.isEndpointAcquired()) {
                acquire(attempt, scope);
            }
            return chain.proceed(request, scope);
        } catch (IOException | HttpException | RuntimeException ex) {
            // a lease that timed out, a failed lookup, connect or handshake: getConnFailed, if no gotConn yet
            attempt.failed(ex);
            throw ex;
        } finally {
            TraceAttempt.unbind(outer);
        }
    }

    private void acquire(TraceAttempt attempt, ExecChain.Scope scope) throws IOException {
        HttpRoute route = scope.route;
        HttpHost firstHop = route.getProxyHost() != null ? route.getProxyHost() : route.getTargetHost();
        attempt.startLease(hostPort(firstHop));
        TracingManagedConnection connection;
        try {
            scope.execRuntime.acquireEndpoint(scope.exchangeId, route, scope.clientContext.getUserToken(), scope.clientContext);
        } finally {
            connection = attempt.endLease();
        }
        if (connection == null) {
            return;
        }
        if (scope.execRuntime.isEndpointConnected()) {
            attempt.gotPooledConnection(connection);
        } else {
            attempt.awaitConnect();
        }
    }

    private String hostPort(HttpHost host) {
        String cached = hostPorts.get(host);
        if (cached == null) {
            cached = HostPorts.of(host);
            if (hostPorts.size() < MAX_CACHED_HOSTS) {
                hostPorts.put(host, cached);
            }
        }
        return cached;
    }

    private static @Nullable ClientTrace traceOf(HttpClientContext context) {
        ClientTrace fromContext = HttpTrace.contextClientTrace(context);
        if (fromContext != null && Boolean.TRUE.equals(context.getAttribute(ScopeIncluded.ATTRIBUTE))) {
            return fromContext;
        }
        ClientTrace fromScope = HttpTrace.scopeClientTrace();
        if (fromContext == null) {
            return fromScope;
        }
        return fromScope == null ? fromContext : fromContext.andThen(fromScope);
    }
}
