package dev.httptrace.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.httptrace.testsupport.LoopbackHttpServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** With the default {@code httptrace.metrics.max-client-names}, 150 hosts make 100 client names and {@code other}. */
@SpringBootTest(classes = ClientNameCardinalityTest.App.class)
class ClientNameCardinalityTest {

    private static final LoopbackHttpServer HTTP = LoopbackHttpServer.start();

    @Autowired
    RestClient.Builder restClientBuilder;

    @Autowired
    MeterRegistry registry;

    @AfterAll
    static void stopServer() {
        HTTP.close();
    }

    @Test
    void hostsBeyondTheLimitAreTaggedOther() {
        RestClient client = this.restClientBuilder.build();
        List<String> hosts = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            String host = String.format("host-%03d.test", i);
            hosts.add(host);
            assertThat(client.get().uri(HTTP.url(host, "/")).retrieve().body(String.class)).isEqualTo("hello");
        }

        List<String> clientNames = this.registry.getMeters().stream()
                .map(Meter::getId)
                .filter((id) -> id.getName().startsWith("httptrace."))
                .map((id) -> id.getTag("client.name"))
                .filter(Objects::nonNull)
                .distinct()
                .toList();
        List<String> expected = new ArrayList<>(hosts.subList(0, 100));
        expected.add("other");
        assertThat(clientNames).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(this.registry.get("httptrace.connect").tag("client.name", "other").timer().count()).isEqualTo(50);
        // Boot's own meter keeps every host: its bound is on the uri tag, not on client.name
        assertThat(this.registry.find("http.client.requests").timers()).hasSizeGreaterThanOrEqualTo(150);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {
    }
}
