package dev.httptrace.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;


import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.hc5.TracingHttpClientBuilder;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.spring.TracingClientHttpRequestFactory;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.io.SocketConfig;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpComponentsHttpClientBuilder.TlsSocketStrategyFactory;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * Builds a {@link TracingClientHttpRequestFactory} over a traced HttpClient 5
 * ({@link TracingHttpClients#custom()}) from Boot's {@link HttpClientSettings}, the way Boot's own
 * {@code HttpComponentsClientHttpRequestFactoryBuilder} builds a plain one:
 * <ul>
 * <li>{@code connectTimeout} becomes the pool's {@link ConnectionConfig} connect timeout, {@code readTimeout} its
 * socket timeout;</li>
 * <li>{@link HttpRedirects#DONT_FOLLOW} switches redirect handling off; otherwise HttpClient follows redirects
 * with its default strategy;</li>
 * <li>an SSL bundle becomes a {@link DefaultClientTlsStrategy} with the bundle's {@code SSLContext}, enabled
 * protocols and ciphers and HttpClient's default host name verifier; without one, the JDK's default TLS
 * (system properties apply);</li>
 * <li>proxy, TLS and pool defaults are taken from system properties, as {@code HttpClients.createSystem()}
 * does;</li>
 * <li>on Boot 4.1, {@code cookieHandling} becomes the default request config's cookie spec ({@code disable}:
 * {@code ignore}, otherwise {@code strict}) and an {@code InetAddressFilter} filters the resolved addresses (a host
 * with none left fails with an {@link java.net.UnknownHostException}, where Boot's builder throws its
 * {@code FilteredHostException}).</li>
 * </ul>
 * The customizers of Boot's builder are here under the same names, applied in Boot's order, so that code written for
 * {@code HttpComponentsClientHttpRequestFactoryBuilder} moves over by changing the type:
 * {@link #withSocketConfigCustomizer}, {@link #withConnectionConfigCustomizer} (after the timeouts),
 * {@link #withTlsSocketStrategyFactory} (given the SSL bundle, or {@code null}), {@link #withDnsResolver}, then
 * {@link #withConnectionManagerCustomizer}; {@link #withDefaultRequestConfigCustomizer}, then
 * {@link #withHttpClientCustomizer}. The traced transport's own parts stay in place (a connection factory, request
 * executor or connection manager set there is replaced or switches the hooks off: see
 * {@link TracingHttpClientBuilder}). Then the {@linkplain #withClientCustomizer client customizers} run, then the
 * client is built, wrapped in the factory, and the {@linkplain #withCustomizer factory customizers} run. Every
 * {@link #build} makes a new client with its own connection pool, closed by the factory's {@code destroy()}.
 *
 * <p>Immutable: each {@code with...} method returns a new builder.
 */
public final class TracingClientHttpRequestFactoryBuilder
        implements ClientHttpRequestFactoryBuilder<TracingClientHttpRequestFactory> {

    private static final Supplier<List<ClientTraceFactory>> NO_TRACE_FACTORIES = List::of;

    private final Spec spec;

    /**
     * A builder with the defaults: hook errors are logged ({@link HookErrorHandler#logging()}), no
     * {@link ClientTraceFactory} (requests carry the trace of their attribute and of the thread scope only).
     */
    public TracingClientHttpRequestFactoryBuilder() {
        this(new Spec());
    }

    private TracingClientHttpRequestFactoryBuilder(Spec spec) {
        this.spec = spec;
    }

    /** Returns a builder whose clients hand hook failures to {@code hookErrorHandler}. */
    public TracingClientHttpRequestFactoryBuilder withHookErrorHandler(HookErrorHandler hookErrorHandler) {
        Spec next = this.spec.copy();
        next.hookErrorHandler = hookErrorHandler;
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /**
     * Returns a builder whose factories give every request a fresh trace from each of the factories
     * {@code traceFactories} supplies, in order (asked on each {@link #build}), composed by the request
     * factory itself (see {@link TracingClientHttpRequestFactory}): no interceptor is needed.
     */
    public TracingClientHttpRequestFactoryBuilder withClientTraceFactories(
            Supplier<? extends List<? extends ClientTraceFactory>> traceFactories) {
        Spec next = this.spec.copy();
        next.traceFactories = () -> List.copyOf(traceFactories.get());
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /**
     * Returns a builder that also applies {@code customizer} to the traced client's builder, after the settings and
     * the other customizers (so it can override them).
     */
    public TracingClientHttpRequestFactoryBuilder withClientCustomizer(Consumer<TracingHttpClientBuilder> customizer) {
        Spec next = this.spec.copy();
        next.clientCustomizers = append(next.clientCustomizers, List.of(customizer));
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /** Boot's name: applies {@code customizer} to HttpClient's {@link HttpClientBuilder}, last of HttpClient's. */
    public TracingClientHttpRequestFactoryBuilder withHttpClientCustomizer(Consumer<HttpClientBuilder> customizer) {
        Spec next = this.spec.copy();
        next.httpClientCustomizers = append(next.httpClientCustomizers, List.of(customizer));
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /** Boot's name: applies {@code customizer} to the connection pool's builder (pool size, time to live, ...). */
    public TracingClientHttpRequestFactoryBuilder withConnectionManagerCustomizer(
            Consumer<PoolingHttpClientConnectionManagerBuilder> customizer) {
        Spec next = this.spec.copy();
        next.connectionManagerCustomizers = append(next.connectionManagerCustomizers, List.of(customizer));
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /** Boot's name: applies {@code customizer} to the pool's default {@link SocketConfig}. */
    public TracingClientHttpRequestFactoryBuilder withSocketConfigCustomizer(Consumer<SocketConfig.Builder> customizer) {
        Spec next = this.spec.copy();
        next.socketConfigCustomizers = append(next.socketConfigCustomizers, List.of(customizer));
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /** Boot's name: applies {@code customizer} to the pool's default {@link ConnectionConfig}, after the timeouts. */
    public TracingClientHttpRequestFactoryBuilder withConnectionConfigCustomizer(
            Consumer<ConnectionConfig.Builder> customizer) {
        Spec next = this.spec.copy();
        next.connectionConfigCustomizers = append(next.connectionConfigCustomizers, List.of(customizer));
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /** Boot's name: applies {@code customizer} to the client's default {@link RequestConfig}. */
    public TracingClientHttpRequestFactoryBuilder withDefaultRequestConfigCustomizer(
            Consumer<RequestConfig.Builder> customizer) {
        Spec next = this.spec.copy();
        next.requestConfigCustomizers = append(next.requestConfigCustomizers, List.of(customizer));
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /**
     * Boot's name: {@code factory} makes the TLS strategy from the settings' SSL bundle ({@code null} without one; a
     * {@code null} strategy keeps HttpClient's default), instead of this builder's mapping of the bundle.
     */
    public TracingClientHttpRequestFactoryBuilder withTlsSocketStrategyFactory(TlsSocketStrategyFactory factory) {
        Spec next = this.spec.copy();
        next.tlsSocketStrategyFactory = factory;
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /** Boot 4.1's name: resolves host names with {@code dnsResolver} (the lookups stay traced). */
    public TracingClientHttpRequestFactoryBuilder withDnsResolver(DnsResolver dnsResolver) {
        Spec next = this.spec.copy();
        next.dnsResolver = dnsResolver;
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    /** Boot 4.1's name: {@code operator} applied to this builder. */
    public TracingClientHttpRequestFactoryBuilder with(UnaryOperator<TracingClientHttpRequestFactoryBuilder> operator) {
        return operator.apply(this);
    }

    /**
     * Whether {@code builder} is a traced builder on which {@link #withClientTraceFactories} was set: its request
     * factories then compose each request's traces, and no interceptor must add them again.
     */
    static boolean composesTraces(@Nullable ClientHttpRequestFactoryBuilder<?> builder) {
        return builder instanceof TracingClientHttpRequestFactoryBuilder traced
                && traced.spec.traceFactories != NO_TRACE_FACTORIES;
    }

    /**
     * Whether a {@code ClientTraceInterceptor} with the trace factories can trace anything for requests whose factory
     * {@code builder} makes: only for a traced builder that does not {@linkplain #composesTraces compose} them
     * itself. Anywhere else it would trace nothing and still make Spring buffer every request body.
     */
    static boolean needsInterceptor(@Nullable ClientHttpRequestFactoryBuilder<?> builder) {
        return builder instanceof TracingClientHttpRequestFactoryBuilder && !composesTraces(builder);
    }

    @Override
    public TracingClientHttpRequestFactoryBuilder withCustomizer(Consumer<TracingClientHttpRequestFactory> customizer) {
        return withCustomizers(List.of(customizer));
    }

    @Override
    public TracingClientHttpRequestFactoryBuilder withCustomizers(
            Collection<Consumer<TracingClientHttpRequestFactory>> customizers) {
        Spec next = this.spec.copy();
        next.factoryCustomizers = append(next.factoryCustomizers, customizers);
        return new TracingClientHttpRequestFactoryBuilder(next);
    }

    @Override
    public TracingClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
        HttpClientSettings given = (settings != null) ? settings : HttpClientSettings.defaults();
        Spec spec = this.spec;
        TracingHttpClientBuilder client = TracingHttpClients.custom().useSystemProperties();
        if (spec.hookErrorHandler != null) {
            client.setHookErrorHandler(spec.hookErrorHandler);
        }
        // the pool, in Boot's order: socket config, connection config, TLS, then the pool's customizers
        SocketConfig.Builder socket = SocketConfig.custom();
        spec.socketConfigCustomizers.forEach((customizer) -> customizer.accept(socket));
        client.setDefaultSocketConfig(socket.build());
        ConnectionConfig.Builder connection = connectionConfig(given.connectTimeout(), given.readTimeout());
        spec.connectionConfigCustomizers.forEach((customizer) -> customizer.accept(connection));
        client.setDefaultConnectionConfig(connection.build());
        TlsSocketStrategy tls = tlsSocketStrategy(spec.tlsSocketStrategyFactory, given.sslBundle());
        if (tls != null) {
            client.setTlsSocketStrategy(tls);
        }
        if (spec.dnsResolver != null) {
            client.setDnsResolver(spec.dnsResolver);
        }
        LaterHttpClientSettings.applyDnsFilter(given, client, spec.dnsResolver);
        spec.connectionManagerCustomizers.forEach(client::customizeConnectionManager);
        // the client: redirects, the default request config, then the client's customizers
        if (given.redirects() == HttpRedirects.DONT_FOLLOW) {
            client.customizeHttpClient(HttpClientBuilder::disableRedirectHandling);
        }
        RequestConfig.Builder request = RequestConfig.custom();
        LaterHttpClientSettings.applyCookieHandling(given, request);
        spec.requestConfigCustomizers.forEach((customizer) -> customizer.accept(request));
        client.setDefaultRequestConfig(request.build());
        spec.httpClientCustomizers.forEach(client::customizeHttpClient);
        spec.clientCustomizers.forEach((customizer) -> customizer.accept(client));
        TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactory(client.build(),
                spec.traceFactories.get());
        spec.factoryCustomizers.forEach((customizer) -> customizer.accept(factory));
        return factory;
    }

    private static ConnectionConfig.Builder connectionConfig(@Nullable Duration connectTimeout,
            @Nullable Duration readTimeout) {
        ConnectionConfig.Builder config = ConnectionConfig.custom();
        if (connectTimeout != null) {
            config.setConnectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (readTimeout != null) {
            config.setSocketTimeout(Math.toIntExact(readTimeout.toMillis()), TimeUnit.MILLISECONDS);
        }
        return config;
    }

    private static @Nullable TlsSocketStrategy tlsSocketStrategy(@Nullable TlsSocketStrategyFactory factory,
            @Nullable SslBundle bundle) {
        if (factory != null) {
            return factory.getTlsSocketStrategy(bundle);
        }
        if (bundle == null) {
            return null;
        }
        SslOptions options = bundle.getOptions();
        return new DefaultClientTlsStrategy(bundle.createSslContext(), options.getEnabledProtocols(),
                options.getCiphers(), null, new DefaultHostnameVerifier());
    }

    private static <T> List<T> append(List<T> list, Collection<? extends T> more) {
        List<T> all = new ArrayList<>(list);
        all.addAll(more);
        return List.copyOf(all);
    }

    @Override
    public String toString() {
        return "TracingClientHttpRequestFactoryBuilder[clientCustomizers=" + this.spec.clientCustomizers.size()
                + ", factoryCustomizers=" + this.spec.factoryCustomizers.size() + "]";
    }

    /** What the {@code with...} methods set; each copies it, so builders stay immutable. */
    private static final class Spec {

        @Nullable HookErrorHandler hookErrorHandler;

        Supplier<List<ClientTraceFactory>> traceFactories = NO_TRACE_FACTORIES;

        List<Consumer<TracingHttpClientBuilder>> clientCustomizers = List.of();

        List<Consumer<TracingClientHttpRequestFactory>> factoryCustomizers = List.of();

        List<Consumer<HttpClientBuilder>> httpClientCustomizers = List.of();

        List<Consumer<PoolingHttpClientConnectionManagerBuilder>> connectionManagerCustomizers = List.of();

        List<Consumer<SocketConfig.Builder>> socketConfigCustomizers = List.of();

        List<Consumer<ConnectionConfig.Builder>> connectionConfigCustomizers = List.of();

        List<Consumer<RequestConfig.Builder>> requestConfigCustomizers = List.of();

        @Nullable TlsSocketStrategyFactory tlsSocketStrategyFactory;

        @Nullable DnsResolver dnsResolver;

        Spec copy() {
            Spec copy = new Spec();
            copy.hookErrorHandler = this.hookErrorHandler;
            copy.traceFactories = this.traceFactories;
            copy.clientCustomizers = this.clientCustomizers;
            copy.factoryCustomizers = this.factoryCustomizers;
            copy.httpClientCustomizers = this.httpClientCustomizers;
            copy.connectionManagerCustomizers = this.connectionManagerCustomizers;
            copy.socketConfigCustomizers = this.socketConfigCustomizers;
            copy.connectionConfigCustomizers = this.connectionConfigCustomizers;
            copy.requestConfigCustomizers = this.requestConfigCustomizers;
            copy.tlsSocketStrategyFactory = this.tlsSocketStrategyFactory;
            copy.dnsResolver = this.dnsResolver;
            return copy;
        }
    }
}
