package dev.httptrace.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One accepted connection of a {@link ScriptedServer}, as seen by its {@link ConnectionScript}. All reads go
 * through one buffer per connection, so bytes read ahead by one call are seen by the next. Not for use by
 * more than one thread at a time.
 */
public final class ScriptedConnection implements AutoCloseable {

    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADER_FIELDS = 1000;

    private final Socket socket;
    private final Socket tcpSocket;
    private final InputStream in;
    private final OutputStream out;

    ScriptedConnection(Socket socket, Socket tcpSocket) throws IOException {
        this.socket = socket;
        this.tcpSocket = tcpSocket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Reads one request head: the request line and the header fields up to the empty line. Empty lines before
     * the request line are skipped; bare LF is accepted as a line end; obsolete line folding is unfolded.
     *
     * @return the request, or {@code null} when the peer closed the connection before sending any byte of it
     * @throws EOFException if the connection ends inside the head
     * @throws ProtocolException if the request line or a header field is malformed
     */
    public @Nullable RawRequest readRequest() throws IOException {
        String requestLine;
        do {
            requestLine = readLineOrEof();
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty());
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].startsWith("HTTP/")) {
            throw new ProtocolException("malformed request line: " + requestLine);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        @Nullable String lastName = null;
        int fields = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                if (lastName == null) {
                    throw new ProtocolException("folded line before the first header field: " + line);
                }
                List<String> values = headers.get(lastName);
                int last = values.size() - 1;
                values.set(last, (values.get(last) + " " + line.strip()).strip());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || ++fields > MAX_HEADER_FIELDS) {
                throw new ProtocolException("malformed header field: " + line);
            }
            lastName = line.substring(0, colon);
            headers.computeIfAbsent(lastName, n -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
        return new RawRequest(parts[0], parts[1], parts[2], headers);
    }

    /**
     * @param length the number of bytes to read
     * @return exactly {@code length} bytes
     * @throws EOFException if the connection ends first
     */
    public byte[] readBody(int length) throws IOException {
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException("connection ended after " + body.length + " of " + length + " body bytes");
        }
        return body;
    }

    /**
     * Reads a body in chunked transfer coding up to and including the last chunk and the trailer section
     * (which is discarded); chunk extensions are ignored.
     *
     * @return the decoded body, as UTF-8
     * @throws EOFException if the connection ends inside the body
     * @throws ProtocolException if a chunk size line or chunk end is malformed
     */
    public String readChunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("malformed chunk size line: " + sizeLine);
            }
            if (size < 0) {
                throw new ProtocolException("malformed chunk size line: " + sizeLine);
            }
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // discard trailer fields
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(readBody(size));
            if (!readLine().isEmpty()) {
                throw new ProtocolException("chunk data not followed by CRLF");
            }
        }
    }

    /**
     * Reads and discards whatever arrives until the peer closes its side or {@code window} has passed,
     * whichever comes first; bytes already buffered count too. The socket's read timeout is restored after.
     *
     * @param window how long to wait for bytes
     * @return the number of bytes read
     * @throws IOException if reading fails otherwise, e.g. on a reset
     */
    public int drainFor(Duration window) throws IOException {
        long deadline = System.nanoTime() + window.toNanos();
        int previousTimeout = socket.getSoTimeout();
        int total = 0;
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                long remainingMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
                if (remainingMillis <= 0) {
                    return total;
                }
                socket.setSoTimeout((int) Math.min(remainingMillis, Integer.MAX_VALUE));
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    return total;
                }
                if (n < 0) {
                    return total;
                }
                total += n;
            }
        } finally {
            if (!socket.isClosed()) {
                socket.setSoTimeout(previousTimeout);
            }
        }
    }

    /**
     * Writes {@code raw} as ISO-8859-1 bytes, exactly as given (line ends included), and flushes.
     *
     * @param raw the bytes to send, one char per byte
     * @throws IOException if writing fails
     */
    public void write(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Writes a complete HTTP/1.1 response in one write and flushes: the status line, {@code Content-Type:
     * text/plain; charset=utf-8}, {@code Content-Length}, the extra header lines, the empty line and the body.
     *
     * @param status the status code; the reason phrase is the usual one or {@code Status}
     * @param body the body, sent as UTF-8
     * @param extraHeaderLines further header fields, each as {@code Name: value} without line end
     * @throws IOException if writing fails
     */
    public void writeResponse(int status, String body, String... extraHeaderLines) throws IOException {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(128)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: text/plain; charset=utf-8\r\n")
                .append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        for (String line : extraHeaderLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] message = new byte[headBytes.length + bodyBytes.length];
        System.arraycopy(headBytes, 0, message, 0, headBytes.length);
        System.arraycopy(bodyBytes, 0, message, headBytes.length, bodyBytes.length);
        out.write(message);
        out.flush();
    }

    /**
     * Aborts the connection: sets {@code SO_LINGER} to 0 on the TCP socket and closes it, so that the peer gets
     * a TCP RST. On a TLS connection no {@code close_notify} is sent.
     *
     * @throws IOException if the socket cannot be closed
     */
    public void closeWithReset() throws IOException {
        if (!tcpSocket.isClosed()) {
            tcpSocket.setSoLinger(true, 0);
        }
        tcpSocket.close();
    }

    /**
     * Closes the connection the ordinary way (with {@code close_notify} on TLS). Unread bytes in the receive
     * buffer make the operating system send a RST instead of a FIN.
     */
    @Override
    public void close() throws IOException {
        try {
            socket.close();
        } finally {
            tcpSocket.close();
        }
    }

    /** Closes the TCP socket at once, whatever a script thread is doing with it. */
    void abort() {
        try {
            tcpSocket.close();
        } catch (IOException ignored) {
            // closed anyway
        }
    }

    /** @return the socket to do I/O on: an {@link javax.net.ssl.SSLSocket} on a TLS server */
    public Socket socket() {
        return socket;
    }

    @Override
    public String toString() {
        return "ScriptedConnection[" + socket.getRemoteSocketAddress() + "]";
    }

    private static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 417 -> "Expectation Failed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    /** Reads one line without its line end; at EOF before its first byte fails with EOFException. */
    private String readLine() throws IOException {
        String line = readLineOrEof();
        if (line == null) {
            throw new EOFException("connection ended where a line was expected");
        }
        return line;
    }

    /** Reads one line without its line end; returns null at EOF before its first byte. */
    private @Nullable String readLineOrEof() throws IOException {
        StringBuilder line = new StringBuilder();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        for (; b >= 0; b = in.read()) {
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new ProtocolException("line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
        throw new EOFException("connection ended inside a line: " + line);
    }
}
