package dev.httptrace.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Port helpers for loopback tests. */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /**
     * Returns a port on {@code 127.0.0.1} where nothing listens, so that connecting to it is refused: an
     * ephemeral port is bound, noted and released again. Another socket may take the port later; tests
     * should use it at once.
     *
     * @return a port in 1..65535 with no listener at the time of return
     * @throws UncheckedIOException if no port can be bound
     */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1}, built without a name lookup. */
    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code scheme://host:port} with an IPv6 literal host put in brackets. */
    static String origin(String scheme, String host, int port) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port;
    }

    /** Checks that a URL path is empty or starts with {@code /}. */
    static String checkPath(String path) {
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        return path;
    }
}
