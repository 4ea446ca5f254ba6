package dev.httptrace.hc5;

import java.io.IOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.impl.io.DefaultHttpResponseParserFactory;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.HttpConnectionFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates the pool's connections: HttpClient's own, built with a {@link FirstByteResponseParserFactory},
 * each wrapped in a {@link TracingManagedConnection}. Relies on the {@code @Internal}
 * {@link ManagedHttpClientConnection} type that {@code PoolingHttpClientConnectionManagerBuilder.setConnectionFactory} takes.
 */
final class TracingConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

    private final ManagedHttpClientConnectionFactory delegate;

    TracingConnectionFactory(Http1Config http1Config) {
        this.delegate = ManagedHttpClientConnectionFactory.builder()
                .http1Config(http1Config)
                .responseParserFactory(new FirstByteResponseParserFactory(new DefaultHttpResponseParserFactory(http1Config)))
                .build();
    }

    @Override
    public ManagedHttpClientConnection createConnection(@Nullable Socket socket) throws IOException {
        return new TracingManagedConnection(delegate.createConnection(socket));
    }

    @Override
    public ManagedHttpClientConnection createConnection(SSLSocket sslSocket, Socket socket) throws IOException {
        return new TracingManagedConnection(delegate.createConnection(sslSocket, socket));
    }
}
