package dev.httptrace.hc5;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;

import dev.httptrace.ResponseBodyInfo;
import org.apache.hc.core5.function.Supplier;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.jspecify.annotations.Nullable;

/**
 * The final response's entity as HttpClient hands it on, and its content stream, in one object (it is made
 * for every traced response with a body): reads go to HttpCore's own content stream, and the first of
 * end of stream, a failed read or {@code close()} fires {@code responseBodyDone} once. HttpClient's
 * {@code ResponseEntityProxy} wraps this entity, so the hook fires before the connection is released (and
 * before {@code putIdleConn}). Used by one thread at a time, as a response body is. Uses only HttpCore's public API.
 */
final class TracedResponseBody extends InputStream implements HttpEntity {

    private final HttpEntity entity;

    /** The attempt to tell; null once told. */
    private @Nullable TraceAttempt attempt;

    TracedResponseBody(HttpEntity entity, TraceAttempt attempt) {
        this.entity = entity;
        this.attempt = attempt;
    }

    private void done(@Nullable Throwable err) {
        TraceAttempt current = attempt;
        if (current != null) {
            attempt = null;
            current.fireResponseBodyDone(err == null ? ResponseBodyInfo.OK : new ResponseBodyInfo(err));
        }
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = entity.getContent().read();
        } catch (IOException | RuntimeException ex) {
            done(ex);
            throw ex;
        }
        if (b < 0) {
            done(null);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = entity.getContent().read(b, off, len);
        } catch (IOException | RuntimeException ex) {
            done(ex);
            throw ex;
        }
        if (n < 0) {
            done(null);
        }
        return n;
    }

    @Override
    public int available() throws IOException {
        return entity.getContent().available();
    }

    /** Closes the content, which for a framed body first reads and drops the rest of it; then the body is done. */
    @Override
    public void close() throws IOException {
        try {
            entity.close();
        } catch (IOException | RuntimeException ex) {
            done(ex);
            throw ex;
        }
        done(null);
    }

    @Override
    public InputStream getContent() {
        return this;
    }

    @Override
    public void writeTo(OutputStream outStream) throws IOException {
        try (InputStream in = this) {
            in.transferTo(outStream);
        }
    }

    @Override
    public boolean isRepeatable() {
        return entity.isRepeatable();
    }

    @Override
    public boolean isStreaming() {
        return entity.isStreaming();
    }

    @Override
    public Supplier<List<? extends Header>> getTrailers() {
        return entity.getTrailers();
    }

    @Override
    public long getContentLength() {
        return entity.getContentLength();
    }

    @Override
    public String getContentType() {
        return entity.getContentType();
    }

    @Override
    public String getContentEncoding() {
        return entity.getContentEncoding();
    }

    @Override
    public boolean isChunked() {
        return entity.isChunked();
    }

    @Override
    public Set<String> getTrailerNames() {
        return entity.getTrailerNames();
    }

    @Override
    public String toString() {
        return entity.toString();
    }
}
