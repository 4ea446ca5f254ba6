package dev.httptrace.hc5;

import java.io.IOException;
import java.net.Socket;
import java.security.cert.Certificate;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import dev.httptrace.TlsConnectionState;
import dev.httptrace.internal.HostPorts;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Fires {@code tlsHandshakeStart}/{@code tlsHandshakeDone} around the user's (or the default)
 * {@link TlsSocketStrategy}, whose {@code upgrade} does the handshake and the host name verification.
 * Uses only HttpClient's public API.
 */
final class TracingTlsSocketStrategy implements TlsSocketStrategy {

    private final TlsSocketStrategy delegate;

    TracingTlsSocketStrategy(TlsSocketStrategy delegate) {
        this.delegate = delegate;
    }

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, @Nullable Object attachment, HttpContext context)
            throws IOException {
        TraceAttempt attempt = TraceAttempt.current();
        if (attempt == null) {
            return delegate.upgrade(socket, target, port, attachment, context);
        }
        String serverName = HostPorts.isIpLiteral(target) ? null : target;
        attempt.tlsHandshakeStart();
        SSLSocket upgraded;
        try {
            upgraded = delegate.upgrade(socket, target, port, attachment, context);
        } catch (IOException | RuntimeException ex) {
            attempt.tlsHandshakeDone(new TlsConnectionState("", "", null, serverName, List.of(), false), ex);
            throw ex;
        }
        attempt.tlsHandshakeDone(state(upgraded, serverName), null);
        return upgraded;
    }

    private static TlsConnectionState state(SSLSocket socket, @Nullable String serverName) {
        SSLSession session = socket.getSession();
        List<Certificate> peers;
        try {
            peers = List.of(session.getPeerCertificates());
        } catch (SSLPeerUnverifiedException ex) {
            peers = List.of();
        }
        String alpn = socket.getApplicationProtocol();
        return new TlsConnectionState(session.getProtocol(), session.getCipherSuite(),
                alpn == null || alpn.isEmpty() ? null : alpn, serverName, peers, true);
    }
}
