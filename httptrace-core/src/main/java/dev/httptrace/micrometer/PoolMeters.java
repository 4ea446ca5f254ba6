package dev.httptrace.micrometer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

import dev.httptrace.hc5.PoolObserver;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.PoolStats;

/**
 * The connection pool of one traced client as gauges: HttpClient's own {@link PoolStats} per host, read when
 * the registry is scraped. Give one to each client:
 * <pre>{@code
 * CloseableHttpClient client = TracingHttpClients.custom()
 *         .setPoolObserver(new PoolMeters(registry, "orders"))
 *         .build();
 * }</pre>
 * A host's gauges are registered on its first lease and removed when the client (its pool) is closed.
 *
 * <h2>Meters</h2>
 * <table>
 * <caption>Gauges, each tagged {@code client.name} and {@code pool}</caption>
 * <tr><th>name</th><th>value</th></tr>
 * <tr><td>{@code httptrace.pool.leased}</td><td>connections leased to requests</td></tr>
 * <tr><td>{@code httptrace.pool.available}</td><td>idle connections kept for reuse</td></tr>
 * <tr><td>{@code httptrace.pool.pending}</td><td>requests waiting for a connection</td></tr>
 * <tr><td>{@code httptrace.pool.max}</td><td>the most connections the pool opens to the host</td></tr>
 * </table>
 * {@code client.name} is the route's target host as on the timers of {@link MeterClientTraceFactory} (an IPv6
 * literal in brackets); the routes of one host (several ports, schemes or proxies) add up. At most
 * {@code maxClientNames} hosts get their own value, in the order first leased; the rest add up under
 * {@code other}. {@code pool} is the name given here, which tells the application's pools apart.
 */
public final class PoolMeters implements PoolObserver {

    private static final String[][] GAUGES = {
        {"httptrace.pool.leased", "Connections of the pool leased to requests"},
        {"httptrace.pool.available", "Idle connections the pool keeps for reuse"},
        {"httptrace.pool.pending", "Requests waiting for a connection of the pool"},
        {"httptrace.pool.max", "The most connections the pool opens to the host"},
    };

    private static final List<ToIntFunction<PoolStats>> VALUES = List.of(PoolStats::getLeased, PoolStats::getAvailable,
            PoolStats::getPending, PoolStats::getMax);

    private final MeterRegistry registry;

    private final String pool;

    private final int maxClientNames;

    /** Host to its gauges; at most maxClientNames hosts, plus {@code other}. Added under the map's lock. */
    private final Map<String, List<Meter>> hosts = new ConcurrentHashMap<>();

    /** A pool's gauges in {@code registry}, tagged {@code pool=}{@code pool}, for at most 100 hosts. */
    public PoolMeters(MeterRegistry registry, String pool) {
        this(registry, pool, MeterClientTraceFactory.DEFAULT_MAX_CLIENT_NAMES);
    }

    /**
     * A pool's gauges in {@code registry}, tagged {@code pool=}{@code pool}, for at most {@code maxClientNames}
     * hosts (the rest are {@code other}).
     *
     * @throws IllegalArgumentException when {@code maxClientNames} is negative
     */
    public PoolMeters(MeterRegistry registry, String pool, int maxClientNames) {
        if (maxClientNames < 0) {
            throw new IllegalArgumentException("maxClientNames must not be negative: " + maxClientNames);
        }
        this.registry = registry;
        this.pool = pool;
        this.maxClientNames = maxClientNames;
    }

    @Override
    public void routeLeased(ConnPoolControl<HttpRoute> control, HttpRoute route) {
        String host = clientName(route);
        if (hosts.containsKey(host)) {
            return;
        }
        synchronized (hosts) {
            if (hosts.containsKey(host) || hosts.containsKey(ClientMeters.OTHER) && hostCount() >= maxClientNames) {
                return;
            }
            String name = hostCount() < maxClientNames ? host : ClientMeters.OTHER;
            List<Meter> gauges = new ArrayList<>(GAUGES.length);
            for (int i = 0; i < GAUGES.length; i++) {
                ToIntFunction<PoolStats> value = VALUES.get(i);
                gauges.add(Gauge.builder(GAUGES[i][0], control, c -> sum(c, name, value))
                        .description(GAUGES[i][1])
                        .tag(ClientMeters.CLIENT_NAME, name)
                        .tag("pool", pool)
                        .strongReference(true)
                        .register(registry));
            }
            hosts.put(name, List.copyOf(gauges));
        }
    }

    private int hostCount() {
        return hosts.containsKey(ClientMeters.OTHER) ? hosts.size() - 1 : hosts.size();
    }

    /** The figure of every route whose host is tagged {@code name}. */
    private double sum(ConnPoolControl<HttpRoute> control, String name, ToIntFunction<PoolStats> value) {
        int total = 0;
        for (HttpRoute route : control.getRoutes()) {
            String host = clientName(route);
            if (name.equals(ClientMeters.OTHER) ? !hosts.containsKey(host) : name.equals(host)) {
                total += value.applyAsInt(control.getStats(route));
            }
        }
        return total;
    }

    /** The route's target host, as {@link java.net.URI#getHost()} gives it (an IPv6 literal in brackets). */
    static String clientName(HttpRoute route) {
        String host = route.getTargetHost().getHostName();
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Removes every gauge of this pool from the registry. */
    @Override
    public void poolClosed() {
        synchronized (hosts) {
            hosts.values().forEach(gauges -> gauges.forEach(registry::remove));
            hosts.clear();
        }
    }

    @Override
    public String toString() {
        return "PoolMeters[pool=" + pool + ", hosts=" + hosts.keySet() + "]";
    }
}
