package dev.httptrace.hc5;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.pool.ConnPoolControl;

/**
 * Told about a traced client's connection pool, for example to publish its statistics as gauges
 * ({@code dev.httptrace.micrometer.PoolMeters}). Set with {@link TracingHttpClientBuilder#setPoolObserver}.
 * Calls come on the thread that leases or closes, and must be fast; an exception is logged and ignored.
 */
public interface PoolObserver {

    /**
     * Before the first lease of {@code route} in {@code pool}, once per route.
     *
     * @param pool the client's pool: its {@link ConnPoolControl#getStats(Object)} are the route's figures
     */
    void routeLeased(ConnPoolControl<HttpRoute> pool, HttpRoute route);

    /** When the pool was closed with its client (possibly more than once). */
    default void poolClosed() {
    }
}
