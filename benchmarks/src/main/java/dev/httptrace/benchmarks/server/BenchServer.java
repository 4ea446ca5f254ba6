package dev.httptrace.benchmarks.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import javax.net.ssl.SSLServerSocket;

import dev.httptrace.testsupport.TestCertificates;

/**
 * The benchmarks' loopback HTTP/1.1 server, run in its own JVM by {@link ServerProcess} so that its threads,
 * heap and garbage are not the measured JVM's. Answers every request with {@code 200} and a fixed body of
 * {@value #BODY_SIZE} bytes; keeps connections alive unless the request says {@code Connection: close}.
 * One blocking platform thread per connection, the whole response in one write with {@code TCP_NODELAY}: on
 * loopback it answers a keep-alive request in a few microseconds of CPU, well below any client's cost.
 *
 * <p>Listens on {@code 127.0.0.1} only: one plain port and one TLS port whose certificate (for
 * {@code localhost} and {@code 127.0.0.1}) is generated at start with BouncyCastle
 * ({@link TestCertificates}); the CA certificate goes to a temporary PEM file for the client to trust. Prints
 * one line {@code READY http=<port> https=<port> ca=<file>} on stdout when it accepts connections, and exits
 * when its standard input ends, i.e. when the benchmark JVM that started it ends, however it ends.
 */
public final class BenchServer {

    /** The size of every response body. */
    public static final int BODY_SIZE = 1024;

    private static final byte[] KEEP_ALIVE_RESPONSE = response(false);

    private static final byte[] CLOSE_RESPONSE = response(true);

    private static final byte[] CONNECTION_CLOSE = "connection:".getBytes(StandardCharsets.US_ASCII);

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        TestCertificates certificates = TestCertificates.generate("localhost", "127.0.0.1");
        Path ca = Files.createTempFile("httptrace-bench-ca", ".pem");
        ca.toFile().deleteOnExit();
        Files.writeString(ca, certificates.caCertificatePem());

        ServerSocket plain = new ServerSocket(0, 1024, loopback);
        SSLServerSocket tls = (SSLServerSocket) certificates.serverSslContext().getServerSocketFactory()
                .createServerSocket(0, 1024, loopback);
        startAcceptor(plain, "http");
        startAcceptor(tls, "https");

        System.out.println("READY http=" + plain.getLocalPort() + " https=" + tls.getLocalPort() + " ca=" + ca);
        System.out.flush();

        // the parent holds our stdin open: end of stream means it is gone (normal exit, crash or kill -9)
        InputStream stdin = System.in;
        byte[] sink = new byte[256];
        try {
            while (stdin.read(sink) >= 0) {
                // the parent never writes; nothing to do
            }
        } catch (IOException ignored) {
            // parent gone
        }
        Files.deleteIfExists(ca);
        System.exit(0);
    }

    private static void startAcceptor(ServerSocket server, String name) {
        Thread acceptor = new Thread(() -> {
            int n = 0;
            while (true) {
                Socket socket;
                try {
                    socket = server.accept();
                } catch (IOException ex) {
                    ex.printStackTrace();
                    return;
                }
                Thread connection = new Thread(null, () -> serve(socket), name + "-conn-" + (++n), 256 * 1024);
                connection.setDaemon(true);
                connection.start();
            }
        }, name + "-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Serves one connection: requests without a body, one after another, until the client closes it. */
    static void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[16 * 1024];
            int start = 0;
            int end = 0;
            while (true) {
                int headEnd = headEnd(buf, start, end);
                while (headEnd < 0) {
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buf.length) {
                        return; // a request head over 16 KiB: not one of ours
                    }
                    int n = in.read(buf, end, buf.length - end);
                    if (n < 0) {
                        return;
                    }
                    int from = Math.max(start, end - 3);
                    end += n;
                    headEnd = headEnd(buf, from, end);
                }
                boolean close = wantsClose(buf, start, headEnd);
                start = headEnd;
                out.write(close ? CLOSE_RESPONSE : KEEP_ALIVE_RESPONSE);
                out.flush();
                if (close) {
                    // let the client close first, so that TIME_WAIT stays on its side (tcp_tw_reuse applies there)
                    while (in.read(buf) >= 0) {
                        // drain until the client closes
                    }
                    return;
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                }
            }
        } catch (SocketException ignored) {
            // client went away
        } catch (IOException ex) {
            if (!String.valueOf(ex.getMessage()).contains("closed")) {
                ex.printStackTrace();
            }
        }
    }

    /** The index just past the {@code CRLF CRLF} that ends a request head in {@code buf[from, end)}, or -1. */
    private static int headEnd(byte[] buf, int from, int end) {
        for (int i = from; i + 3 < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    /** Whether the head in {@code buf[start, end)} has a {@code Connection} field containing {@code close}. */
    private static boolean wantsClose(byte[] buf, int start, int end) {
        for (int i = start; i < end - CONNECTION_CLOSE.length; i++) {
            if ((buf[i] == '\n') && regionMatches(buf, i + 1, CONNECTION_CLOSE)) {
                int j = i + 1 + CONNECTION_CLOSE.length;
                int lineEnd = j;
                while (lineEnd < end && buf[lineEnd] != '\r') {
                    lineEnd++;
                }
                String value = new String(buf, j, lineEnd - j, StandardCharsets.US_ASCII);
                if (value.toLowerCase().contains("close")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean regionMatches(byte[] buf, int at, byte[] lowerCase) {
        if (at + lowerCase.length > buf.length) {
            return false;
        }
        for (int k = 0; k < lowerCase.length; k++) {
            int c = buf[at + k];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lowerCase[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] body() {
        byte[] body = new byte[BODY_SIZE];
        Arrays.fill(body, (byte) 'x');
        return body;
    }

    private static byte[] response(boolean close) {
        String head = "HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: " + BODY_SIZE + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] response = Arrays.copyOf(headBytes, headBytes.length + BODY_SIZE);
        System.arraycopy(body(), 0, response, headBytes.length, BODY_SIZE);
        return response;
    }
}
