package dev.httptrace.hc5;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.HttpMessageParser;
import org.apache.hc.core5.http.io.HttpMessageParserFactory;
import org.apache.hc.core5.http.io.SessionInputBuffer;

/**
 * Observes {@code gotFirstResponseByte}: HttpClient hands the response parser the connection's decrypted
 * input stream, so the first read that returns data is the first byte of the response head. Under TLS 1.3
 * the raw socket would first see the server's session ticket instead, which is why this is measured here.
 * Public HttpCore API.
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
        return new HttpMessageParser<>() {
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
                return parser.parse(buffer, new FirstByteInputStream(inputStream, attempt));
            }
        };
    }

    private static final class FirstByteInputStream extends FilterInputStream {

        private final TraceAttempt attempt;

        FirstByteInputStream(InputStream in, TraceAttempt attempt) {
            super(in);
            this.attempt = attempt;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                attempt.firstResponseByte();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                attempt.firstResponseByte();
            }
            return n;
        }
    }
}
