package dev.httptrace.exchange;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.httptrace.HttpTrace;
import dev.httptrace.TracedRequest;
import dev.httptrace.hc5.TracingHttpClients;
import dev.httptrace.testsupport.LoopbackHttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** A call slower than the threshold logs one INFO line with its phases; a fast one logs none. */
class SlowExchangeLogTest {

    private final LoopbackHttpServer server = LoopbackHttpServer.start().respond("/fast", 200, "fast")
            .respondSlowly("/orders/7", Duration.ofMillis(300), "slow");

    private final CloseableHttpClient client = TracingHttpClients.createDefault();

    private final List<Duration> totals = new CopyOnWriteArrayList<>();

    private final ExchangeTraceFactory factory = new ExchangeTraceFactory(
            List.<ExchangeListener>of(new SlowExchangeLog(Duration.ofMillis(100)), exchange -> totals.add(exchange.total())));

    private final Logger logger = (Logger) LoggerFactory.getLogger(SlowExchangeLog.class);

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void close() throws Exception {
        logger.detachAppender(lines);
        client.close();
        server.close();
    }

    private void call(String path) throws Exception {
        HttpGet get = new HttpGet(server.url("localhost", path + "?token=secret"));
        TracedRequest request = new TracedRequest("GET", get.getUri(),
                Map.of(ExchangeTraceFactory.REST_CLIENT_URI_TEMPLATE_ATTRIBUTE, "http://localhost:" + server.port() + "/orders/{id}?token={t}"));
        client.execute(get, HttpTrace.withClientTrace(HttpClientContext.create(), factory.create(request)),
                response -> EntityUtils.toString(response.getEntity()));
    }

    @Test
    void aSlowCallLogsOneLineWithItsPhases() throws Exception {
        call("/orders/7");

        assertThat(lines.list).hasSize(1);
        ILoggingEvent event = lines.list.get(0);
        assertThat(event.getLevel()).hasToString("INFO");
        String line = event.getFormattedMessage();
        assertThat(line).matches("GET localhost /orders/\\{id} 200 [0-9,]+ ms: blocked [0-9.,]+ · dns [0-9.,]+ · connect [0-9.,]+ · tls — · "
                + "send [0-9.,]+ · wait [0-9.,]+ · receive [0-9.,]+ \\(new connection to (127\\.0\\.0\\.1|\\[::1]):" + server.port() + "\\)");
        assertThat(line).doesNotContain("secret").doesNotContain("token").doesNotContain("/orders/7");
        // the server sleeps once it has the request, maybe a moment before the client's wroteRequest: send + wait,
        // each rounded as printed
        double sendMillis = Double.parseDouble(line.replaceAll(".* send ([0-9.,]+) .*", "$1").replace(",", ""));
        double waitMillis = Double.parseDouble(line.replaceAll(".* wait ([0-9.,]+) .*", "$1").replace(",", ""));
        assertThat(sendMillis + waitMillis).as("the server slept 300 ms").isGreaterThanOrEqualTo(299);
    }

    @Test
    void aFastCallLogsNothing() throws Exception {
        for (int i = 0; i < 5; i++) {
            call("/fast");
        }

        // a call the machine made slow (the first one loads classes) is logged: only those are
        long slow = totals.stream().filter(total -> total.compareTo(Duration.ofMillis(100)) > 0).count();
        assertThat(slow).as("most of five calls on loopback take less than 100 ms").isLessThan(5);
        assertThat(lines.list).hasSize((int) slow);
    }

    @Test
    void millisecondsAreReadable() {
        assertThat(SlowExchangeLog.millis(-1)).isEqualTo("—");
        assertThat(SlowExchangeLog.millis(123_456)).isEqualTo("0.1");
        assertThat(SlowExchangeLog.millis(9_949_999)).isEqualTo("9.9");
        assertThat(SlowExchangeLog.millis(2_318_400_000L)).isEqualTo("2,318");
    }
}
