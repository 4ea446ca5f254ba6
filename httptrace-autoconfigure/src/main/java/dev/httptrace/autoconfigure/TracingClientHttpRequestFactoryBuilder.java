package dev.httptrace.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.httptrace.ClientTraceFactory;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.hc5.TracingHttpClientBuilder;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.spring.TracingClientHttpRequestFactory;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
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
 * Then the {@linkplain #withClientCustomizer client customizers} run, then the client is built, wrapped in the
 * factory, and the {@linkplain #withCustomizer factory customizers} run. Every {@link #build} makes a new client
 * with its own connection pool, closed by the factory's {@code destroy()}.
 *
 * <p>Immutable: each {@code with...} method returns a new builder.
 */
public final class TracingClientHttpRequestFactoryBuilder
        implements ClientHttpRequestFactoryBuilder<TracingClientHttpRequestFactory> {

    private final @Nullable HookErrorHandler hookErrorHandler;

    private final List<Consumer<TracingHttpClientBuilder>> clientCustomizers;

    private final List<Consumer<TracingClientHttpRequestFactory>> factoryCustomizers;

    private static final Supplier<List<ClientTraceFactory>> NO_TRACE_FACTORIES = List::of;

    private final Supplier<List<ClientTraceFactory>> traceFactories;

    /**
     * A builder with the defaults: hook errors are logged ({@link HookErrorHandler#logging()}), no
     * {@link ClientTraceFactory} (requests carry the trace of their attribute and of the thread scope only).
     */
    public TracingClientHttpRequestFactoryBuilder() {
        this(null, List.of(), List.of(), NO_TRACE_FACTORIES);
    }

    private TracingClientHttpRequestFactoryBuilder(@Nullable HookErrorHandler hookErrorHandler,
            List<Consumer<TracingHttpClientBuilder>> clientCustomizers,
            List<Consumer<TracingClientHttpRequestFactory>> factoryCustomizers,
            Supplier<List<ClientTraceFactory>> traceFactories) {
        this.hookErrorHandler = hookErrorHandler;
        this.clientCustomizers = clientCustomizers;
        this.factoryCustomizers = factoryCustomizers;
        this.traceFactories = traceFactories;
    }

    /** Returns a builder whose clients hand hook failures to {@code hookErrorHandler}. */
    public TracingClientHttpRequestFactoryBuilder withHookErrorHandler(HookErrorHandler hookErrorHandler) {
        return new TracingClientHttpRequestFactoryBuilder(hookErrorHandler, this.clientCustomizers,
                this.factoryCustomizers, this.traceFactories);
    }

    /**
     * Returns a builder whose factories give every request a fresh trace from each of the factories
     * {@code traceFactories} supplies, in order (asked on each {@link #build}), composed by the request
     * factory itself (see {@link TracingClientHttpRequestFactory}): no interceptor is needed.
     */
    public TracingClientHttpRequestFactoryBuilder withClientTraceFactories(
            Supplier<? extends List<? extends ClientTraceFactory>> traceFactories) {
        return new TracingClientHttpRequestFactoryBuilder(this.hookErrorHandler, this.clientCustomizers,
                this.factoryCustomizers, () -> List.copyOf(traceFactories.get()));
    }

    /**
     * Returns a builder that also applies {@code customizer} to the traced client's builder, after the settings
     * (so it can override them). Use {@link TracingHttpClientBuilder#customizeHttpClient} and
     * {@link TracingHttpClientBuilder#customizeConnectionManager} for HttpClient's own knobs.
     */
    public TracingClientHttpRequestFactoryBuilder withClientCustomizer(Consumer<TracingHttpClientBuilder> customizer) {
        return new TracingClientHttpRequestFactoryBuilder(this.hookErrorHandler,
                append(this.clientCustomizers, List.of(customizer)), this.factoryCustomizers, this.traceFactories);
    }

    /**
     * Whether {@code builder} is a traced builder on which {@link #withClientTraceFactories} was set: its request
     * factories then compose each request's traces, and no interceptor must add them again.
     */
    static boolean composesTraces(@Nullable ClientHttpRequestFactoryBuilder<?> builder) {
        return builder instanceof TracingClientHttpRequestFactoryBuilder traced
                && traced.traceFactories != NO_TRACE_FACTORIES;
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
        return new TracingClientHttpRequestFactoryBuilder(this.hookErrorHandler, this.clientCustomizers,
                append(this.factoryCustomizers, customizers), this.traceFactories);
    }

    @Override
    public TracingClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
        HttpClientSettings given = (settings != null) ? settings : HttpClientSettings.defaults();
        TracingHttpClientBuilder client = TracingHttpClients.custom().useSystemProperties();
        if (this.hookErrorHandler != null) {
            client.setHookErrorHandler(this.hookErrorHandler);
        }
        client.setDefaultConnectionConfig(connectionConfig(given.connectTimeout(), given.readTimeout()));
        SslBundle sslBundle = given.sslBundle();
        if (sslBundle != null) {
            client.setTlsSocketStrategy(tlsSocketStrategy(sslBundle));
        }
        if (given.redirects() == HttpRedirects.DONT_FOLLOW) {
            client.customizeHttpClient(HttpClientBuilder::disableRedirectHandling);
        }
        LaterHttpClientSettings.apply(given, client);
        this.clientCustomizers.forEach((customizer) -> customizer.accept(client));
        TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactory(client.build(), this.traceFactories.get());
        this.factoryCustomizers.forEach((customizer) -> customizer.accept(factory));
        return factory;
    }

    private static ConnectionConfig connectionConfig(@Nullable Duration connectTimeout, @Nullable Duration readTimeout) {
        ConnectionConfig.Builder config = ConnectionConfig.custom();
        if (connectTimeout != null) {
            config.setConnectTimeout(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (readTimeout != null) {
            config.setSocketTimeout(Math.toIntExact(readTimeout.toMillis()), TimeUnit.MILLISECONDS);
        }
        return config.build();
    }

    private static DefaultClientTlsStrategy tlsSocketStrategy(SslBundle bundle) {
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
        return "TracingClientHttpRequestFactoryBuilder[clientCustomizers=" + this.clientCustomizers.size()
                + ", factoryCustomizers=" + this.factoryCustomizers.size() + "]";
    }
}
