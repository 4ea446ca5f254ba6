package dev.httptrace.example;

import java.util.ArrayList;
import java.util.List;

import dev.httptrace.ClientTrace;
import dev.httptrace.GotConnInfo;
import dev.httptrace.HttpTrace;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's example, compiled and run: keep the two in step. */
class ReadmeExampleTest {

    @Test
    void readmeExampleRuns() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
            String url = server.url("localhost", "/");
            List<String> printed = new ArrayList<>();

            // --- README example starts ---
            ClientTrace trace = new ClientTrace() {
                private long start;

                @Override
                public void getConn(String hostPort) {
                    start = System.nanoTime();
                }

                @Override
                public void gotConn(GotConnInfo info) {
                    printed.add("connection " + info.conn().id() + " reused=" + info.reused()
                            + " after " + (System.nanoTime() - start) / 1_000 + " µs");
                }

                @Override
                public void gotFirstResponseByte() {
                    printed.add("first byte after " + (System.nanoTime() - start) / 1_000 + " µs");
                }
            };
            try (CloseableHttpClient client = TracingHttpClients.createDefault()) {
                HttpClientContext context = HttpTrace.withClientTrace(HttpClientContext.create(), trace);
                String body = client.execute(new HttpGet(url), context, response -> EntityUtils.toString(response.getEntity()));
                printed.add(body);
            }
            // --- README example ends ---

            assertThat(printed).hasSize(3);
            assertThat(printed.get(0)).startsWith("connection http-outgoing-").contains("reused=false");
            assertThat(printed.get(1)).startsWith("first byte after ");
            assertThat(printed.get(2)).isEqualTo("hello");
        }
    }
}
