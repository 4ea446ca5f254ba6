package dev.httptrace.hc5;

import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Observes {@code gotFirstResponseByte}: HttpClient hands the response parser the connection's decrypted
 * input stream, so the first read that returns data is the first byte of the response head. Under TLS 1.3
 * the raw socket would first see the server's session ticket instead, which is why this is measured here.
 * Uses only HttpCore's public API.
 */
final class FirstByteResponseParserFactory implements HttpMessageParserFactory<ClassicHttpResponse> {

    private final HttpMessageParserFactory<ClassicHttpResponse> delegate;

    FirstByteResponseParserFactory(HttpMessageParserFactory<ClassicHttpResponse> delegate) {
        this.delegate = delegate;
    }

    /** What HttpCore's connection calls: the delegate's own configuration (the client's {@code Http1Config}) applies. */
    @Override
    public HttpMessageParser<ClassicHttpResponse> create() {
        return observing(delegate.create());
    }

    @Override
    public HttpMessageParser<ClassicHttpResponse> create(Http1Config http1Config) {
        return observing(delegate.create(http1Config));
    }

    private static HttpMessageParser<ClassicHttpResponse> observing(HttpMessageParser<ClassicHttpResponse> parser) {
        return new ObservingParser(parser);
    }

    /** One per connection, so used by one thread at a time; its stream wrapper is reused from exchange to exchange. */
    private static final class ObservingParser implements HttpMessageParser<ClassicHttpResponse> {

        private final HttpMessageParser<ClassicHttpResponse> parser;

        private final FirstByteInputStream stream = new FirstByteInputStream();

        ObservingParser(HttpMessageParser<ClassicHttpResponse> parser) {
            this.parser = parser;
        }

        @Override
        public ClassicHttpResponse parse(SessionInputBuffer buffer, InputStream inputStream) throws IOException, HttpException {
            TraceAttempt attempt = TraceAttempt.current();
            if (attempt == null || !attempt.needsFirstByte()) {
                return parser.parse(buffer, inputStream);
            }
            if (buffer.length() > 0) {
                // bytes read earlier (with the previous response, or by isDataAvailable) are already here
                attempt.firstResponseByte();
                return parser.parse(buffer, inputStream);
            }
            stream.observe(inputStream, attempt);
            try {
                return parser.parse(buffer, stream);
            } finally {
                stream.release();
            }
        }
    }

    private static final class FirstByteInputStream extends InputStream {

        private @Nullable InputStream in;

        private @Nullable TraceAttempt attempt;

        void observe(InputStream in, TraceAttempt attempt) {
            this.in = in;
            this.attempt = attempt;
        }

        void release() {
            this.in = null;
            this.attempt = null;
        }

        private InputStream in() throws IOException {
            InputStream current = in;
            if (current == null) {
                throw new IOException("stream used outside of a response head");
            }
            return current;
        }

        private void arrived() {
            TraceAttempt current = attempt;
            if (current != null) {
                current.firstResponseByte();
            }
        }

        @Override
        public int read() throws IOException {
            int b = in().read();
            if (b >= 0) {
                arrived();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in().read(b, off, len);
            if (n > 0) {
                arrived();
            }
            return n;
        }

        @Override
        public int available() throws IOException {
            return in().available();
        }
    }
}
