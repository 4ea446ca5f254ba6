package dev.httptrace.hc5;

import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.RecordingClientTrace.Got1xxResponse;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.ScriptedServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** 1xx responses other than 100 (103 Early Hints) before the final one. */
class InterimResponseTest {

    private final CloseableHttpClient client = TracingHttpClients.createDefault();

    private final ScriptedServer server = ScriptedServer.start(c -> {
        RawRequest request;
        while ((request = c.readRequest()) != null) {
            c.write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\nLink: </app.js>; rel=preload\r\n\r\n");
            c.write("HTTP/1.1 103 Early Hints\r\nLink: </font.woff2>; rel=preload\r\n\r\n");
            c.writeResponse(200, "final");
        }
    });

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close();
        assertThat(server.scriptErrors()).isEmpty();
    }

    @Test
    void firstByteOnceThenEachEarlyHintWithItsHeaders() throws Exception {
        RecordingClientTrace trace = new RecordingClientTrace();

        TracedCalls.Result result = TracedCalls.get(client, server.url("/"), trace);

        assertThat(result.body()).isEqualTo("final");
        assertThat(trace.names()).containsExactly("getConn", "connectStart", "connectDone", "gotConn", "wroteHeaders",
                "wroteRequest", "gotFirstResponseByte", "got1xxResponse", "got1xxResponse", "putIdleConn");
        Got1xxResponse first = trace.all(Got1xxResponse.class).get(0);
        assertThat(first.code()).isEqualTo(103);
        assertThat(first.headers().get("Link")).containsExactly("</style.css>; rel=preload", "</app.js>; rel=preload");
        assertThat(trace.all(Got1xxResponse.class).get(1).headers().get("link")).containsExactly("</font.woff2>; rel=preload");
    }
}
