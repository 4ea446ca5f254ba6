package dev.httptrace.hc5;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.internal.HostPorts;
import org.apache.hc.client5.http.DnsResolver;
import org.jspecify.annotations.Nullable;

/**
 * Fires {@code dnsStart}/{@code dnsDone} around the user's (or the system) {@link DnsResolver}, for the
 * attempt bound to the calling thread. IP literals are passed through without hooks, as in Go. Uses only HttpClient's public API.
 */
final class TracingDnsResolver implements DnsResolver {

    private final DnsResolver delegate;

    TracingDnsResolver(DnsResolver delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt == null || HostPorts.isIpLiteral(host)) {
            return delegate.resolve(host, port);
        }
        attempt.fireDnsStart(new DnsStartInfo(host));
        List<InetSocketAddress> resolved;
        try {
            resolved = delegate.resolve(host, port);
        } catch (UnknownHostException | RuntimeException ex) {
            attempt.fireDnsDone(new DnsDoneInfo(List.of(), ex, false));
            throw ex;
        }
        List<InetAddress> addrs = new ArrayList<>(resolved.size());
        for (InetSocketAddress address : resolved) {
            if (address.getAddress() != null) {
                addrs.add(address.getAddress());
            }
        }
        attempt.fireDnsDone(new DnsDoneInfo(addrs, null, false));
        return resolved;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt == null || HostPorts.isIpLiteral(host)) {
            return delegate.resolve(host);
        }
        attempt.fireDnsStart(new DnsStartInfo(host));
        InetAddress @Nullable [] addrs;
        try {
            addrs = delegate.resolve(host);
        } catch (UnknownHostException | RuntimeException ex) {
            attempt.fireDnsDone(new DnsDoneInfo(List.of(), ex, false));
            throw ex;
        }
        attempt.fireDnsDone(new DnsDoneInfo(addrs == null ? List.of() : Arrays.asList(addrs), null, false));
        return addrs;
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return delegate.resolveCanonicalHostname(host);
    }
}
