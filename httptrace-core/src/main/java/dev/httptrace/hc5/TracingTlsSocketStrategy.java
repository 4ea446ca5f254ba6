package dev.httptrace.hc5;

import java.io.IOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import dev.httptrace.TlsConnectionState;
import dev.httptrace.internal.HostPorts;
import dev.httptrace.internal.TlsStates;
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
        attempt.fireTlsHandshakeStart();
        SSLSocket upgraded;
        try {
            upgraded = delegate.upgrade(socket, target, port, attachment, context);
        } catch (IOException | RuntimeException ex) {
            attempt.fireTlsHandshakeDone(TlsStates.failed(serverName), ex);
            throw ex;
        }
        attempt.fireTlsHandshakeDone(state(upgraded, serverName), null);
        return upgraded;
    }

    private static TlsConnectionState state(SSLSocket socket, @Nullable String serverName) {
        return TlsStates.completed(socket.getSession(), socket.getApplicationProtocol(), serverName);
    }
}
