package dev.httptrace.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

import dev.httptrace.hc5.TracingHttpClientBuilder;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.StandardCookieSpec;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.client.HttpClientSettings;

/**
 * Applies the {@link HttpClientSettings} components that Boot 4.1 added, when the running Boot has them (this
 * module compiles against Boot 4.0), as Boot 4.1's {@code HttpComponentsHttpClientBuilder} does:
 * {@code cookieHandling} ({@code spring.http.clients.cookie-handling}) sets the default request config's cookie
 * spec ({@code disable} → {@code ignore}, otherwise {@code strict}); an {@code InetAddressFilter} bean wraps the
 * DNS resolver so that only the addresses it matches are used, and a host with none left fails with an
 * {@link UnknownHostException} ({@code Filtered host '...'}; Boot's own builder throws its
 * {@code FilteredHostException} instead). On Boot 4.0 this does nothing.
 */
final class LaterHttpClientSettings {

    private static final @Nullable Method COOKIE_HANDLING = accessor("cookieHandling");

    private static final @Nullable Method INET_ADDRESS_FILTER = accessor("inetAddressFilter");

    private LaterHttpClientSettings() {
    }

    /** Sets the cookie spec {@code cookieHandling} asks for on {@code request}, when the settings have one. */
    static void applyCookieHandling(HttpClientSettings settings, RequestConfig.Builder request) {
        if (get(COOKIE_HANDLING, settings) instanceof Enum<?> cookieHandling) {
            request.setCookieSpec("DISABLE".equals(cookieHandling.name()) ? StandardCookieSpec.IGNORE
                    : StandardCookieSpec.STRICT);
        }
    }

    /**
     * Wraps the DNS resolver ({@code resolver}, or the system's) in the settings' {@code InetAddressFilter}, when
     * there is one.
     */
    static void applyDnsFilter(HttpClientSettings settings, TracingHttpClientBuilder client,
            @Nullable DnsResolver resolver) {
        Object filter = get(INET_ADDRESS_FILTER, settings);
        if (filter != null && INET_ADDRESS_FILTER != null) {
            Predicate<InetAddress> matcher = matcher(INET_ADDRESS_FILTER.getReturnType(), filter);
            client.setDnsResolver(new FilteringDnsResolver(resolver != null ? resolver : SystemDefaultDnsResolver.INSTANCE,
                    matcher));
        }
    }

    private static @Nullable Method accessor(String name) {
        try {
            return HttpClientSettings.class.getMethod(name);
        } catch (NoSuchMethodException bootBefore41) {
            return null;
        }
    }

    private static @Nullable Object get(@Nullable Method accessor, HttpClientSettings settings) {
        return (accessor != null) ? invoke(accessor, settings) : null;
    }

    /** {@code filterType} is Boot's {@code InetAddressFilter} interface, whose public method we call. */
    private static Predicate<InetAddress> matcher(Class<?> filterType, Object filter) {
        Method matches;
        try {
            matches = filterType.getMethod("matches", InetAddress.class);
        } catch (NoSuchMethodException ex) {
            throw new IllegalStateException("Cannot apply InetAddressFilter " + filter, ex);
        }
        return (address) -> Boolean.TRUE.equals(invoke(matches, filter, address));
    }

    private static @Nullable Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException ex) {
            if (ex.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(ex.getCause());
        } catch (IllegalAccessException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A DNS resolver that keeps only the addresses a filter matches. */
    private static final class FilteringDnsResolver implements DnsResolver {

        private final DnsResolver delegate;

        private final Predicate<InetAddress> filter;

        FilteringDnsResolver(DnsResolver delegate, Predicate<InetAddress> filter) {
            this.delegate = delegate;
            this.filter = filter;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            InetAddress[] kept = Arrays.stream(this.delegate.resolve(host)).filter(this.filter).toArray(InetAddress[]::new);
            if (kept.length == 0) {
                throw filtered(host);
            }
            return kept;
        }

        @Override
        public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
            List<InetSocketAddress> kept = this.delegate.resolve(host, port).stream()
                    .filter((address) -> address.getAddress() != null && this.filter.test(address.getAddress()))
                    .toList();
            if (kept.isEmpty()) {
                throw filtered(host);
            }
            return kept;
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return this.delegate.resolveCanonicalHostname(host);
        }

        private static UnknownHostException filtered(String host) {
            return new UnknownHostException("Filtered host '" + host + "'");
        }
    }
}
