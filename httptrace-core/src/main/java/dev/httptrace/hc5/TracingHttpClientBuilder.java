package dev.httptrace.hc5;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.httptrace.HookErrorHandler;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Builds a {@link CloseableHttpClient} with every {@link dev.httptrace.ClientTrace} hook wired. Takes the
 * settings users make on HttpClient 5, under HttpClient's own names, and passes them on; for anything else
 * use {@link #customizeHttpClient} and {@link #customizeConnectionManager}. Not thread-safe; build once,
 * share the client.
 *
 * <p>The client owns a pooling connection manager, a request executor, a connection factory and an exec
 * chain handler of its own: replacing any of them through the customizers (for example calling
 * {@code setConnectionManager} or {@code setRequestExecutor} on the {@link HttpClientBuilder}) switches
 * the hooks they fire off.
 */
public final class TracingHttpClientBuilder {

    private int maxConnTotal;

    private int maxConnPerRoute;

    private @Nullable ConnectionConfig connectionConfig;

    private @Nullable SocketConfig socketConfig;

    private @Nullable TlsSocketStrategy tlsSocketStrategy;

    private @Nullable DnsResolver dnsResolver;

    private @Nullable RequestConfig requestConfig;

    private @Nullable HttpHost proxy;

    private Http1Config http1Config = Http1Config.DEFAULT;

    private Timeout waitForContinue = HttpRequestExecutor.DEFAULT_WAIT_FOR_CONTINUE;

    private HookErrorHandler hookErrorHandler = HookErrorHandler.logging();

    private boolean systemProperties;

    private @Nullable PoolObserver poolObserver;

    private final List<Consumer<HttpClientBuilder>> clientCustomizers = new ArrayList<>();

    private final List<Consumer<PoolingHttpClientConnectionManagerBuilder>> poolCustomizers = new ArrayList<>();

    TracingHttpClientBuilder() {
    }

    /** The most connections the pool keeps open in all; HttpClient's default (25) when not set. */
    public TracingHttpClientBuilder setMaxConnTotal(int maxConnTotal) {
        this.maxConnTotal = maxConnTotal;
        return this;
    }

    /** The most connections the pool keeps open to one route; HttpClient's default (5) when not set. */
    public TracingHttpClientBuilder setMaxConnPerRoute(int maxConnPerRoute) {
        this.maxConnPerRoute = maxConnPerRoute;
        return this;
    }

    /** Connect and socket timeouts, time to live, validate-after-inactivity of pooled connections. */
    public TracingHttpClientBuilder setDefaultConnectionConfig(ConnectionConfig connectionConfig) {
        this.connectionConfig = connectionConfig;
        return this;
    }

    /** Socket options of new connections. */
    public TracingHttpClientBuilder setDefaultSocketConfig(SocketConfig socketConfig) {
        this.socketConfig = socketConfig;
        return this;
    }

    /** How HTTPS connections are upgraded to TLS; the hooks time its whole {@code upgrade}. */
    public TracingHttpClientBuilder setTlsSocketStrategy(TlsSocketStrategy tlsSocketStrategy) {
        this.tlsSocketStrategy = tlsSocketStrategy;
        return this;
    }

    /** How host names are resolved; the DNS hooks wrap it. The system resolver when not set. */
    public TracingHttpClientBuilder setDnsResolver(DnsResolver dnsResolver) {
        this.dnsResolver = dnsResolver;
        return this;
    }

    /** Per-request defaults: timeouts, redirects, {@code setExpectContinueEnabled(true)} for expect-continue. */
    public TracingHttpClientBuilder setDefaultRequestConfig(RequestConfig requestConfig) {
        this.requestConfig = requestConfig;
        return this;
    }

    /** An HTTP proxy for every request; {@code getConn} then reports the proxy's {@code host:port}. */
    public TracingHttpClientBuilder setProxy(HttpHost proxy) {
        this.proxy = proxy;
        return this;
    }

    /** HTTP/1.1 parser and buffer settings of every connection. */
    public TracingHttpClientBuilder setHttp1Config(Http1Config http1Config) {
        this.http1Config = http1Config;
        return this;
    }

    /** How long an {@code Expect: 100-continue} request waits for the server before sending its body (3 s). */
    public TracingHttpClientBuilder setWaitForContinue(Timeout waitForContinue) {
        this.waitForContinue = waitForContinue;
        return this;
    }

    /** Told when a hook throws; {@link HookErrorHandler#logging()} when not set. */
    public TracingHttpClientBuilder setHookErrorHandler(HookErrorHandler hookErrorHandler) {
        this.hookErrorHandler = hookErrorHandler;
        return this;
    }

    /**
     * Tells {@code poolObserver} about the pool of each client this builder builds: every route's first lease,
     * and the close. For the {@code httptrace.pool.*} gauges:
     * {@code setPoolObserver(new PoolMeters(registry, "orders"))} ({@code dev.httptrace.micrometer.PoolMeters};
     * one per client).
     */
    public TracingHttpClientBuilder setPoolObserver(PoolObserver poolObserver) {
        this.poolObserver = poolObserver;
        return this;
    }

    /** Take proxy, TLS and pool defaults from system properties, as {@code HttpClients.createSystem()} does. */
    public TracingHttpClientBuilder useSystemProperties() {
        this.systemProperties = true;
        return this;
    }

    /** Applies {@code customizer} to HttpClient's client builder, after this builder's own settings. */
    public TracingHttpClientBuilder customizeHttpClient(Consumer<HttpClientBuilder> customizer) {
        clientCustomizers.add(customizer);
        return this;
    }

    /**
     * Applies {@code customizer} to HttpClient's pool builder, after this builder's own settings. A
     * connection factory set there is replaced by the traced one.
     */
    public TracingHttpClientBuilder customizeConnectionManager(Consumer<PoolingHttpClientConnectionManagerBuilder> customizer) {
        poolCustomizers.add(customizer);
        return this;
    }

    /** Builds the client; this builder can build more. */
    public CloseableHttpClient build() {
        return build(pool -> {
        });
    }

    /** Builds the client and hands its connection pool to {@code poolSink} (tests look at its stats). */
    CloseableHttpClient build(Consumer<? super ConnPoolControl<HttpRoute>> poolSink) {
        TracingConnectionManagerBuilder pool = new TracingConnectionManagerBuilder();
        if (systemProperties) {
            pool.useSystemProperties();
        }
        if (maxConnTotal > 0) {
            pool.setMaxConnTotal(maxConnTotal);
        }
        if (maxConnPerRoute > 0) {
            pool.setMaxConnPerRoute(maxConnPerRoute);
        }
        if (connectionConfig != null) {
            pool.setDefaultConnectionConfig(connectionConfig);
        }
        if (socketConfig != null) {
            pool.setDefaultSocketConfig(socketConfig);
        }
        if (tlsSocketStrategy != null) {
            pool.setTlsSocketStrategy(tlsSocketStrategy);
        }
        if (dnsResolver != null) {
            pool.setDnsResolver(dnsResolver);
        }
        poolCustomizers.forEach(customizer -> customizer.accept(pool));
        pool.setConnectionFactory(new TracingConnectionFactory(http1Config));

        TracingConnectionManager manager = new TracingConnectionManager(pool.build(), poolObserver);
        poolSink.accept(manager);
        HttpClientBuilder client = HttpClientBuilder.create()
                .setConnectionManager(manager)
                .setRequestExecutor(new TracingRequestExecutor(waitForContinue))
                .addExecInterceptorBefore(ChainElement.CONNECT.name(), AcquireConnectionHandler.NAME,
                        new AcquireConnectionHandler(hookErrorHandler));
        if (systemProperties) {
            client.useSystemProperties();
        }
        if (requestConfig != null) {
            client.setDefaultRequestConfig(requestConfig);
        }
        if (proxy != null) {
            client.setProxy(proxy);
        }
        clientCustomizers.forEach(customizer -> customizer.accept(client));
        return client.build();
    }
}
