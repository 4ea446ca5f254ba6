package dev.httptrace.spring;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** RestTemplate on plain Spring over the traced factory with the interceptor. */
class RestTemplateTracingTest {

    private final LoopbackHttpServer server = LoopbackHttpServer.start();

    private final TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactory();

    @AfterEach
    void close() throws Exception {
        factory.destroy();
        server.close();
    }

    @Test
    void eachRequestGetsAFreshTraceFromTheFactory() {
        List<RecordingClientTrace> traces = new CopyOnWriteArrayList<>();
        RestTemplate template = new RestTemplate(factory);
        template.getInterceptors().add(new ClientTraceInterceptor(List.of(request -> {
            RecordingClientTrace trace = new RecordingClientTrace();
            traces.add(trace);
            return trace;
        })));

        assertThat(template.getForObject(server.url("/"), String.class)).isEqualTo("hello");
        assertThat(template.getForObject(server.url("/"), String.class)).isEqualTo("hello");

        assertThat(traces).hasSize(2);
        assertThat(traces.get(0).names()).containsExactly("getConn", "connectStart", "connectDone", "gotConn",
                "wroteHeaders", "wroteRequest", "gotFirstResponseByte", "putIdleConn");
        assertThat(traces.get(1).names()).containsExactly("getConn", "gotConn", "wroteHeaders", "wroteRequest",
                "gotFirstResponseByte", "putIdleConn");
    }
}
