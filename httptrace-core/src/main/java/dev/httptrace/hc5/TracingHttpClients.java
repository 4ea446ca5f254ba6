package dev.httptrace.hc5;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Apache HttpClient 5 clients that fire {@link dev.httptrace.ClientTrace} hooks: the traced counterpart of
 * {@code HttpClients}. A request is traced by the trace in the {@code HttpContext} it is executed with (see
 * {@link dev.httptrace.HttpTrace#withClientTrace(org.apache.hc.core5.http.protocol.HttpContext, dev.httptrace.ClientTrace)})
 * and by the thread's scope; a request without either runs exactly as on a plain client.
 *
 * <pre>{@code
 * try (CloseableHttpClient client = TracingHttpClients.createDefault()) {
 *     HttpClientContext context = HttpTrace.withClientTrace(HttpClientContext.create(), new ClientTrace() {
 *         public void gotConn(GotConnInfo info) { System.out.println("reused: " + info.reused()); }
 *     });
 *     client.execute(new HttpGet("http://localhost:8080/"), context, response -> EntityUtils.toString(response.getEntity()));
 * }
 * }</pre>
 */
public final class TracingHttpClients {

    private TracingHttpClients() {
    }

    /** A builder for a traced client with HttpClient's settings and knobs. */
    public static TracingHttpClientBuilder custom() {
        return new TracingHttpClientBuilder();
    }

    /** A traced client with HttpClient's defaults. */
    public static CloseableHttpClient createDefault() {
        return custom().build();
    }
}
