package dev.httptrace.hc5;

import java.io.IOException;

import dev.httptrace.ClientTrace;
import dev.httptrace.HttpTrace;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Executes requests with a trace in their context, the way a user of the plain HttpClient API would. */
final class TracedCalls {

    private TracedCalls() {
    }

    /** A response's status and body, read fully (so the connection went back to the pool). */
    record Result(int status, String body) {
    }

    static Result get(CloseableHttpClient client, String url, ClientTrace trace) throws IOException {
        return execute(client, new HttpGet(url), trace);
    }

    static Result execute(CloseableHttpClient client, ClassicHttpRequest request, ClientTrace trace) throws IOException {
        HttpClientContext context = HttpTrace.withClientTrace(HttpClientContext.create(), trace);
        return client.execute(request, context,
                response -> new Result(response.getCode(), response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
    }
}
