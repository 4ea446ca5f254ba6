package dev.httptrace.micrometer;

import dev.httptrace.ClientTrace;
import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.TracedRequest;
import dev.httptrace.internal.BoundedCache;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Records a Micrometer {@link io.micrometer.core.instrument.Timer Timer} for every phase of every request:
 * each {@link #create} returns a fresh trace that takes timestamps from the registry's clock and records on
 * the hook that ends a phase.
 *
 * <pre>{@code
 * MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);
 * // per request (ClientTraceInterceptor does this for RestClient):
 * ClientTrace trace = meters.create(new TracedRequest("GET", uri, Map.of()));
 * }</pre>
 *
 * <h2>Meters</h2>
 * Every meter has the tag {@code client.name}: the host of {@link TracedRequest#uri()} exactly as
 * {@link java.net.URI#getHost()} returns it, without port, user-info, path or query (an IPv6 literal keeps
 * its brackets, {@code [::1]}; {@code none} when the URI has no host). That is the value Spring's
 * {@code http.client.requests} uses, so the two join on a dashboard. At most {@code maxClientNames}
 * (default {@value #DEFAULT_MAX_CLIENT_NAMES}) distinct hosts get their own value, in the order they are
 * first seen; the hosts after them are all tagged {@code other}.
 * <table>
 * <caption>Meters (all timers, except the counter)</caption>
 * <tr><th>name</th><th>measures</th><th>tags besides {@code client.name}</th></tr>
 * <tr><td>{@code httptrace.dns}</td><td>host name lookup of a new connection: {@code dnsStart} to
 *     {@code dnsDone}</td><td>{@code exception}</td></tr>
 * <tr><td>{@code httptrace.connect}</td><td>one TCP connect: {@code connectStart} to {@code connectDone},
 *     once per address tried</td><td>{@code network.type} ({@code ipv4}, {@code ipv6}: the address
 *     connected to), {@code exception}</td></tr>
 * <tr><td>{@code httptrace.tls.handshake}</td><td>TLS handshake, host name verification included:
 *     {@code tlsHandshakeStart} to {@code tlsHandshakeDone}</td><td>{@code tls.protocol.version}
 *     ({@code 1.3}, {@code 1.2}, {@code 1.1}, {@code 1} from the JSSE name {@code TLSv1.3} ...;
 *     {@code unknown} when none was agreed, as after most failures), {@code exception}</td></tr>
 * <tr><td>{@code httptrace.connection.acquire}</td><td>getting a connection, per attempt: {@code getConn} to
 *     {@code gotConn}; for an attempt that ends in {@code getConnFailed}, {@code getConn} to the last failed
 *     stage (lookup, connect, handshake), tagged with that stage's exception ({@code ConnectException}, not
 *     HttpClient's {@code HttpHostConnectException} around it), or to {@code getConnFailed} when no stage
 *     failed: a pool-lease timeout is {@code exception=ConnectionRequestTimeoutException}. A failure on one
 *     address followed by a connect to the next is not the end</td><td>{@code reused} ({@code true},
 *     {@code false}; always {@code false} on failure), {@code exception}</td></tr>
 * <tr><td>{@code httptrace.connection.idle}</td><td>how long a reused connection sat idle in the pool
 *     ({@link dev.httptrace.GotConnInfo#idleTime()} when {@code wasIdle}, which for HttpClient 5 is when
 *     {@code reused})</td><td>—</td></tr>
 * <tr><td>{@code httptrace.request.write}</td><td>writing the request: {@code gotConn} to
 *     {@code wroteRequest} (for {@code Expect: 100-continue}, the wait for the server's answer is
 *     included)</td><td>{@code method}, {@code exception}</td></tr>
 * <tr><td>{@code httptrace.continue.wait}</td><td>the wait for {@code 100 Continue}, from
 *     {@code wait100Continue}</td><td>{@code outcome}: {@code continued} (to {@code got100Continue}),
 *     {@code rejected} (the server sent a final status instead, whatever it was: to its first byte),
 *     {@code timeout} (no answer, the body was sent anyway: to {@code wroteRequest}, so it includes writing
 *     the body). Not recorded when the connection failed during the wait.</td></tr>
 * <tr><td>{@code httptrace.server.processing}</td><td>the server's time after the whole request was
 *     written: {@code wroteRequest} to {@code gotFirstResponseByte}; for an expect-continue request whose
 *     first byte was the {@code 100}, to {@code gotFinalResponse}; or to {@code exchangeFailed} when the wait
 *     ended in a failure (read timeout, reset). Not recorded when the final response came before
 *     {@code wroteRequest}: an expect-continue request the server answered before the body (its reaction to
 *     the headers is {@code httptrace.continue.wait})</td><td>{@code method}, {@code exception}</td></tr>
 * <tr><td>{@code httptrace.content.transfer}</td><td>the final response's body: from its first byte (from
 *     {@code gotFinalResponse} when an interim response came first, whose first byte it was) to
 *     {@code responseBodyDone}: the last byte read, the close that ended it, or the failure while reading
 *     it</td><td>{@code method}, {@code exception}</td></tr>
 * <tr><td>{@code httptrace.hook.errors} (counter)</td><td>a {@link ClientTrace} hook threw; counted by
 *     {@link #hookErrorHandler()} when the transport is given it</td><td>{@code hook} (the hook's method
 *     name); no {@code client.name}: the handler is not told the request</td></tr>
 * </table>
 * {@code exception} is {@code none}, or the simple class name of the error the hook reported (the
 * transport's own exception, such as {@code ConnectException}, {@code UnknownHostException},
 * {@code SSLHandshakeException}; the exception the caller finally sees may wrap it). {@code method} is
 * {@link TracedRequest#method()} as given, at most 16 distinct values per client name (the rest
 * {@code other}).
 *
 * <p>A request the client retries or redirects is measured per attempt (each starts at {@code getConn}),
 * all under the original request's {@code client.name} and {@code method}, as {@code http.client.requests}
 * reports it.
 *
 * <h2>Cost</h2>
 * The timers are registered on first use and kept in this factory per client name and tag values; a
 * request allocates its trace object and nothing else (no {@code Tags}, no look-up, no {@code Timer.Sample}).
 * Meters removed from the registry later are not registered again by this factory.
 */
public final class MeterClientTraceFactory implements ClientTraceFactory {

    /** The default of {@link Builder#maxClientNames(int)}. */
    public static final int DEFAULT_MAX_CLIENT_NAMES = 100;

    private final MeterRegistry registry;

    private final Clock clock;

    private final int maxClientNames;

    /** Host to meters; at most {@link #maxClientNames} hosts, the rest share the {@code other} meters. */
    private final BoundedCache<String, ClientMeters> clients;

    private final ClientMeters noHostClient;

    private final HookErrorHandler hookErrorHandler;

    /** A factory with the defaults, recording into {@code registry}. */
    public MeterClientTraceFactory(MeterRegistry registry) {
        this(registry, DEFAULT_MAX_CLIENT_NAMES);
    }

    private MeterClientTraceFactory(MeterRegistry registry, int maxClientNames) {
        this.registry = registry;
        this.clock = registry.config().clock();
        this.maxClientNames = maxClientNames;
        ClientMeters otherClient = new ClientMeters(registry, ClientMeters.OTHER);
        this.clients = new BoundedCache<>(maxClientNames, host -> new ClientMeters(registry, host), host -> otherClient);
        this.noHostClient = new ClientMeters(registry, ExceptionTimers.NONE);
        this.hookErrorHandler = new HookErrorCounter(registry);
    }

    /** Starts a factory with options, recording into {@code registry}. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    @Override
    public ClientTrace create(TracedRequest request) {
        ClientMeters client = client(request.uri().getHost());
        return new MeterClientTrace(clock, client, client.method(request.method()));
    }

    /**
     * The handler that counts {@code httptrace.hook.errors}; give it to the transport, after the default
     * logging one: {@code HookErrorHandler.logging().andThen(factory.hookErrorHandler())}. Always the same
     * instance.
     */
    public HookErrorHandler hookErrorHandler() {
        return hookErrorHandler;
    }

    private ClientMeters client(@Nullable String host) {
        if (host == null) {
            return noHostClient;
        }
        return clients.get(host);
    }

    @Override
    public String toString() {
        return "MeterClientTraceFactory[registry=" + registry.getClass().getSimpleName() + ", maxClientNames="
                + maxClientNames + "]";
    }

    /** Options of a {@link MeterClientTraceFactory}. */
    public static final class Builder {

        private final MeterRegistry registry;

        private int maxClientNames = DEFAULT_MAX_CLIENT_NAMES;

        private Builder(MeterRegistry registry) {
            this.registry = registry;
        }

        /**
         * How many distinct hosts get their own {@code client.name} value; requests to further hosts are
         * tagged {@code other}. Default {@value MeterClientTraceFactory#DEFAULT_MAX_CLIENT_NAMES}; {@code 0}
         * tags every request {@code other}.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder maxClientNames(int maxClientNames) {
            if (maxClientNames < 0) {
                throw new IllegalArgumentException("maxClientNames must not be negative: " + maxClientNames);
            }
            this.maxClientNames = maxClientNames;
            return this;
        }

        /** A new factory with these options; its meters are registered in the builder's registry. */
        public MeterClientTraceFactory build() {
            return new MeterClientTraceFactory(registry, maxClientNames);
        }
    }
}
