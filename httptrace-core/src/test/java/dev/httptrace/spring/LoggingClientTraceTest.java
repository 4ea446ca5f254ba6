package dev.httptrace.spring;

import java.net.URI;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.httptrace.ClientTrace;
import dev.httptrace.LoggingClientTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The logging trace: one DEBUG line per hook, naming the request by method and host:port only. */
class LoggingClientTraceTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(LoggingClientTrace.class);

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private final LoopbackHttpServer server = LoopbackHttpServer.start().respond("/secret-path", 200, "ok");

    private final TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactory();

    private final RestClient client = RestClient.builder().requestFactory(factory)
            .requestInterceptor(new ClientTraceInterceptor(List.of(LoggingClientTrace.factory()))).build();

    @AfterEach
    void close() throws Exception {
        logger.detachAppender(lines);
        logger.setLevel(null);
        factory.destroy();
        server.close();
    }

    private void capture(Level level) {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(level);
    }

    @Test
    void logsOneLinePerHookWithoutPathQueryOrHeaderValues() {
        capture(Level.DEBUG);
        String url = "http://localhost:" + server.port() + "/secret-path?token=t0ps3cr3t";

        client.get().uri(url).header("Authorization", "Bearer h3ad3r").retrieve().toBodilessEntity();

        List<String> messages = messages();
        // Go's 10 hooks of a new connection, with gotFinalResponse and responseBodyDone before putIdleConn
        assertThat(messages).hasSize(12);
        assertThat(messages).allSatisfy(m -> assertThat(m).startsWith("GET localhost:" + server.port() + " +"));
        assertThat(messages.get(0)).endsWith("getConn localhost:" + server.port());
        assertThat(messages.get(9)).endsWith("gotFinalResponse 200");
        assertThat(messages.get(10)).endsWith("responseBodyDone ok");
        assertThat(messages.get(11)).endsWith("putIdleConn ok");
        assertThat(String.join("\n", messages)).doesNotContain("secret-path", "t0ps3cr3t", "h3ad3r");
    }

    @Test
    void userInfoIsNeverLogged() {
        // HttpClient 5 refuses such a request before any hook; the trace was made for it all the same
        capture(Level.DEBUG);
        String url = "http://alice:s3cr3t@localhost:" + server.port() + "/";

        assertThatThrownBy(() -> client.get().uri(url).retrieve().toBodilessEntity())
                .isInstanceOf(ResourceAccessException.class);

        assertThat(String.join("\n", messages())).doesNotContain("alice", "s3cr3t");
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void costsNothingWhileDebugIsOff() {
        capture(Level.INFO);

        client.get().uri(server.url("/")).retrieve().toBodilessEntity();

        assertThat(lines.list).isEmpty();
        assertThat(LoggingClientTrace.factory().create(new TracedRequest("GET", URI.create("http://x/"), Map.of())))
                .isSameAs(ClientTrace.NONE);
    }
}
