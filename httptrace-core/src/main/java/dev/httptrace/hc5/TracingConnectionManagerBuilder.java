package dev.httptrace.hc5;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * HttpClient's pool builder with a connection operator that connects through {@link TracingSocketFactory}
 * and wraps the DNS resolver and TLS strategy the user configured (or HttpClient's defaults). Relies on
 * the {@code @Internal} protected constructor and {@code createConnectionOperator} of
 * {@link PoolingHttpClientConnectionManagerBuilder}, and the {@code @Internal}
 * {@link DefaultHttpClientConnectionOperator}: the only way to observe each TCP connect attempt.
 */
final class TracingConnectionManagerBuilder extends PoolingHttpClientConnectionManagerBuilder {

    TracingConnectionManagerBuilder() {
        super();
    }

    @Override
    protected HttpClientConnectionOperator createConnectionOperator(@Nullable SchemePortResolver schemePortResolver,
            @Nullable DnsResolver dnsResolver, TlsSocketStrategy tlsSocketStrategy) {
        return new DefaultHttpClientConnectionOperator(TracingSocketFactory.INSTANCE, schemePortResolver,
                new TracingDnsResolver(dnsResolver != null ? dnsResolver : SystemDefaultDnsResolver.INSTANCE),
                RegistryBuilder.<TlsSocketStrategy>create()
                        .register(URIScheme.HTTPS.id, new TracingTlsSocketStrategy(tlsSocketStrategy))
                        .build());
    }
}
