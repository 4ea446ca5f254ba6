package dev.httptrace.hc5;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.pool.ConnPoolControl;

/** A traced client together with its connection pool, for tests that check what the pool holds. */
record PooledClient(CloseableHttpClient client, ConnPoolControl<HttpRoute> pool) implements AutoCloseable {

    static PooledClient of(TracingHttpClientBuilder builder) {
        AtomicReference<ConnPoolControl<HttpRoute>> pool = new AtomicReference<>();
        CloseableHttpClient client = builder.build(pool::set);
        return new PooledClient(client, pool.get());
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
