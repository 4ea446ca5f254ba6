package dev.httptrace.hc5;

import dev.httptrace.internal.HostPorts;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;

import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates the plain sockets of new connections; each {@code connect} fires {@code connectStart} and
 * {@code connectDone} for the attempt bound to the calling thread, once per address tried. Relies on
 * HttpClient's {@code @Internal} {@link DetachedSocketFactory}, installed by
 * {@link TracingConnectionManagerBuilder}.
 */
final class TracingSocketFactory implements DetachedSocketFactory {

    static final TracingSocketFactory INSTANCE = new TracingSocketFactory();

    private TracingSocketFactory() {
    }

    @Override
    public Socket create(@Nullable Proxy socksProxy) throws IOException {
        return socksProxy == null ? new TracingSocket() : new TracingSocket(socksProxy);
    }

    private static final class TracingSocket extends Socket {

        TracingSocket() {
        }

        TracingSocket(Proxy proxy) {
            super(proxy);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            TraceAttempt attempt = TraceAttempt.current();
            if (attempt == null || !(endpoint instanceof InetSocketAddress address)) {
                super.connect(endpoint, timeout);
                return;
            }
            String addr = HostPorts.of(address);
            attempt.fireConnectStart("tcp", addr);
            try {
                super.connect(endpoint, timeout);
            } catch (IOException | RuntimeException ex) {
                attempt.fireConnectDone("tcp", addr, ex);
                throw ex;
            }
            attempt.fireConnectDone("tcp", addr, null);
        }
    }
}
