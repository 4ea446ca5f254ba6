package dev.httptrace.micrometer;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.httptrace.ConnectionInfo;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.TracedRequest;

/** The info values the transport passes to hooks, built without any name lookup. */
final class HookFixtures {

    static final InetAddress V4 = address("example.com", new byte[] {(byte) 203, 0, 113, 10});

    static final InetAddress V6 = address("example.com",
            new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});

    static final ConnectionInfo CONNECTION = new ConnectionInfo("http-outgoing-0",
            new InetSocketAddress(address("localhost", new byte[] {127, 0, 0, 1}), 50000), new InetSocketAddress(V4, 443));

    private HookFixtures() {
    }

    static TracedRequest request(String method, String uri) {
        return new TracedRequest(method, URI.create(uri), Map.of());
    }

    static DnsDoneInfo resolved(InetAddress... addrs) {
        return new DnsDoneInfo(List.of(addrs), null, false);
    }

    static DnsDoneInfo notResolved(Throwable err) {
        return new DnsDoneInfo(List.of(), err, false);
    }

    static GotConnInfo newConnection() {
        return new GotConnInfo(CONNECTION, false, false, Duration.ZERO);
    }

    static GotConnInfo pooledConnection(Duration idleTime) {
        return new GotConnInfo(CONNECTION, true, true, idleTime);
    }

    static TlsConnectionState handshake(String protocol) {
        return new TlsConnectionState(protocol, "TLS_AES_128_GCM_SHA256", "http/1.1", "example.com", List.of(), true);
    }

    static TlsConnectionState failedHandshake() {
        return new TlsConnectionState("", "", null, "example.com", List.of(), false);
    }

    private static InetAddress address(String host, byte[] bytes) {
        try {
            return InetAddress.getByAddress(host, bytes);
        } catch (UnknownHostException ex) {
            throw new IllegalArgumentException(ex);
        }
    }
}
