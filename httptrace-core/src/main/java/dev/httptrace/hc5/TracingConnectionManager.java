package dev.httptrace.hc5;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import dev.httptrace.ConnectionNotPooledException;
import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decorates HttpClient's pooling connection manager to report {@code putIdleConn}: on release it knows
 * whether the connection was offered back (open, consistent, with a keep-alive) and whether the pool took
 * it. An endpoint leased by a traced attempt is wrapped so that the release, on whatever thread closes
 * the response body, reaches that attempt; the original endpoint is always what the pool gets back.
 * Implements {@link ConnPoolControl} so pool sizing, idle eviction and pool metrics keep working; tells the
 * {@link PoolObserver}, if any, about each new route and the close.
 */
final class TracingConnectionManager implements HttpClientConnectionManager, ConnPoolControl<HttpRoute> {

    private static final Logger LOG = LoggerFactory.getLogger(TracingConnectionManager.class);

    private final PoolingHttpClientConnectionManager pool;

    private final @Nullable PoolObserver observer;

    /** The routes the observer was told about; only used with an observer. */
    private final Set<HttpRoute> observedRoutes = ConcurrentHashMap.newKeySet();

    TracingConnectionManager(PoolingHttpClientConnectionManager pool, @Nullable PoolObserver observer) {
        this.pool = pool;
        this.observer = observer;
    }

    @Override
    public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, @Nullable Object state) {
        if (observer != null && observedRoutes.add(route)) {
            try {
                observer.routeLeased(this, route);
            } catch (RuntimeException ex) {
                LOG.warn("PoolObserver {} threw on route {}; the request goes on", observer, route, ex);
            }
        }
        LeaseRequest lease = pool.lease(id, route, requestTimeout, state);
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt == null || !attempt.isLeasing()) {
            return lease;
        }
        return new TracedEndpoint(lease, attempt);
    }

    /**
     * Releases the endpoint and, for a traced lease the transport offered back, fires {@code putIdleConn}:
     * {@code null} when the pool kept this lease's connection. That is decided on this thread, inside the
     * pool's own release: the pool passivates a connection it keeps and closes one it discards, here, before
     * it may hand the connection to a waiting lease (which then runs on its own thread, even before this
     * call returns). Limit: HttpClient 5.6's opt-in off-lock disposal closes a discarded connection later,
     * on another thread; such a discard is reported as {@code null}.
     */
    @Override
    public void release(ConnectionEndpoint endpoint, @Nullable Object state, @Nullable TimeValue keepAlive) {
        if (!(endpoint instanceof TracedEndpoint traced)) {
            pool.release(endpoint, state, keepAlive);
            return;
        }
        TracingManagedConnection connection = traced.connection;
        TraceAttempt attempt = traced.attempt;
        boolean poolClosed = pool.isClosed();
        // a closed pool has closed its leased connections too: the transport still offered this one back
        boolean offered = keepAlive != null && (poolClosed || connection.isOpen() && connection.isConsistent());
        boolean kept;
        attempt.startRelease();
        try {
            pool.release(traced.delegate, state, keepAlive);
        } finally {
            kept = attempt.endRelease();
            connection.released(attempt);
        }
        if (!offered) {
            return;
        }
        if (kept) {
            attempt.firePutIdleConn(null);
        } else {
            attempt.firePutIdleConn(new ConnectionNotPooledException(poolClosed || pool.isClosed()
                    ? "connection pool is closed" : "connection pool closed the connection instead of keeping it idle"));
        }
    }

    @Override
    public void connect(ConnectionEndpoint endpoint, @Nullable TimeValue timeout, HttpContext context) throws IOException {
        pool.connect(unwrap(endpoint), timeout, context);
    }

    @Override
    public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
        pool.upgrade(unwrap(endpoint), context);
    }

    private static ConnectionEndpoint unwrap(ConnectionEndpoint endpoint) {
        return endpoint instanceof TracedEndpoint traced ? traced.delegate : endpoint;
    }

    @Override
    public void close(CloseMode closeMode) {
        pool.close(closeMode);
        poolClosed();
    }

    @Override
    public void close() {
        pool.close();
        poolClosed();
    }

    private void poolClosed() {
        if (observer != null) {
            try {
                observer.poolClosed();
            } catch (RuntimeException ex) {
                LOG.warn("PoolObserver {} threw when the pool closed", observer, ex);
            }
        }
    }

    @Override
    public void setMaxTotal(int max) {
        pool.setMaxTotal(max);
    }

    @Override
    public int getMaxTotal() {
        return pool.getMaxTotal();
    }

    @Override
    public void setDefaultMaxPerRoute(int max) {
        pool.setDefaultMaxPerRoute(max);
    }

    @Override
    public int getDefaultMaxPerRoute() {
        return pool.getDefaultMaxPerRoute();
    }

    @Override
    public void setMaxPerRoute(HttpRoute route, int max) {
        pool.setMaxPerRoute(route, max);
    }

    @Override
    public int getMaxPerRoute(HttpRoute route) {
        return pool.getMaxPerRoute(route);
    }

    @Override
    public void closeIdle(TimeValue idleTime) {
        pool.closeIdle(idleTime);
    }

    @Override
    public void closeExpired() {
        pool.closeExpired();
    }

    @Override
    public Set<HttpRoute> getRoutes() {
        return pool.getRoutes();
    }

    @Override
    public PoolStats getTotalStats() {
        return pool.getTotalStats();
    }

    @Override
    public PoolStats getStats(HttpRoute route) {
        return pool.getStats(route);
    }

    /**
     * A traced attempt's lease and, once granted, the pool's endpoint with the connection and the attempt it
     * belongs to: one object for both (it is allocated on every traced request). {@link #get} returns this
     * wrapper for a connection the attempt saw leased, else the pool's own endpoint. Used by one thread
     * until it is granted; the fields it sets then are read on release, possibly by another thread, after
     * HttpClient's own hand-over of the endpoint.
     */
    private static final class TracedEndpoint extends ConnectionEndpoint implements LeaseRequest {

        private final LeaseRequest lease;

        final TraceAttempt attempt;

        /** Set by {@link #get} before this object is ever used as an endpoint. */
        ConnectionEndpoint delegate;

        /** Set by {@link #get} with {@link #delegate}. */
        TracingManagedConnection connection;

        TracedEndpoint(LeaseRequest lease, TraceAttempt attempt) {
            this.lease = lease;
            this.attempt = attempt;
        }

        @Override
        public ConnectionEndpoint get(Timeout timeout) throws InterruptedException, ExecutionException, TimeoutException {
            ConnectionEndpoint endpoint = lease.get(timeout);
            TracingManagedConnection leased = attempt.leasedConnection();
            if (leased == null) {
                return endpoint;
            }
            this.delegate = endpoint;
            this.connection = leased;
            return this;
        }

        @Override
        public boolean cancel() {
            return lease.cancel();
        }

        @Override
        @SuppressWarnings("deprecation")
        public ClassicHttpResponse execute(String id, ClassicHttpRequest request, HttpRequestExecutor executor,
                HttpContext context) throws IOException, HttpException {
            return delegate.execute(id, request, executor, context);
        }

        @Override
        public ClassicHttpResponse execute(String id, ClassicHttpRequest request, RequestExecutor executor,
                HttpContext context) throws IOException, HttpException {
            return delegate.execute(id, request, executor, context);
        }

        @Override
        public boolean isConnected() {
            return delegate.isConnected();
        }

        @Override
        public void setSocketTimeout(Timeout timeout) {
            delegate.setSocketTimeout(timeout);
        }

        @Override
        public EndpointInfo getInfo() {
            return delegate.getInfo();
        }

        @Override
        public void close(CloseMode closeMode) {
            delegate.close(closeMode);
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
