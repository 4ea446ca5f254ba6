package dev.httptrace.spring;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.httptrace.LoggingClientTrace;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import dev.httptrace.testsupport.LoopbackHttpServer;
import dev.httptrace.testsupport.LoopbackPorts;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Secrets in the path, the query, the user-info, a header and a cookie of requests (successful and failed)
 * appear in no meter tag, no log line of the logging trace and no exception message the library adds.
 */
class SecretsNeverLeakTest {

    private static final List<String> SECRETS = List.of("p4th-s3cret", "qu3ry-s3cret", "us3r", "pa55", "h3ad3r-s3cret",
            "c00kie-s3cret");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);

    private final Logger logger = (Logger) LoggerFactory.getLogger(LoggingClientTrace.class);

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    private final LoopbackHttpServer server = LoopbackHttpServer.start().respond("/p4th-s3cret", 200, "ok");

    private final TracingClientHttpRequestFactory factory = new TracingClientHttpRequestFactory();

    private final RestClient client = RestClient.builder().requestFactory(factory)
            .requestInterceptor(new ClientTraceInterceptor(List.of(meters, LoggingClientTrace.factory()))).build();

    @AfterEach
    void close() throws Exception {
        logger.detachAppender(lines);
        logger.setLevel(null);
        factory.destroy();
        server.close();
    }

    @Test
    void noSecretInTagsLogsOrMessages() throws Exception {
        lines.start();
        logger.addAppender(lines);
        logger.setLevel(Level.DEBUG);
        String query = "/p4th-s3cret?token=qu3ry-s3cret";
        int closedPort = LoopbackPorts.closedPort();
        List<String> failing = List.of("http://us3r:pa55@localhost:" + server.port() + query,
                "http://localhost:" + closedPort + query, "http://secrets-missing.test" + query);

        client.get().uri("http://localhost:" + server.port() + query)
                .header("Authorization", "Bearer h3ad3r-s3cret").header("Cookie", "session=c00kie-s3cret")
                .retrieve().toBodilessEntity();
        List<String> tracedMessages = failing.stream().map(url -> messageOf(client, url)).toList();
        List<String> plainMessages;
        HttpComponentsClientHttpRequestFactory plainFactory = new HttpComponentsClientHttpRequestFactory();
        try {
            RestClient plain = RestClient.builder().requestFactory(plainFactory).build();
            // the JDK words a second failed lookup of a name differently: the plain client gets a name of its own
            plainMessages = failing.stream().map(url -> url.replace("secrets-missing.test", "secrets-also-missing.test"))
                    .map(url -> messageOf(plain, url).replace("secrets-also-missing.test", "secrets-missing.test")).toList();
        } finally {
            plainFactory.destroy();
        }

        List<String> tagValues = registry.getMeters().stream().map(Meter::getId)
                .flatMap(id -> id.getTags().stream()).map(Tag::getValue).toList();
        List<String> logLines = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(tagValues).isNotEmpty();
        assertThat(logLines).hasSizeGreaterThan(10);
        for (String secret : SECRETS) {
            assertThat(tagValues).noneMatch(value -> value.contains(secret));
            assertThat(logLines).noneMatch(line -> line.contains(secret));
        }
        // exception messages are exactly HttpClient's and Spring's own (Spring's names the URL, as it always
        // does): the library adds nothing to them
        assertThat(tracedMessages).isEqualTo(plainMessages);
    }

    private static String messageOf(RestClient client, String url) {
        Throwable thrown = catchThrowable(() -> client.get().uri(url).header("Cookie", "session=c00kie-s3cret")
                .retrieve().toBodilessEntity());
        assertThat(thrown).isNotNull();
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
