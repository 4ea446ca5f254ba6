package dev.httptrace.micrometer;

import static dev.httptrace.micrometer.HookFixtures.pooledConnection;
import static dev.httptrace.micrometer.HookFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.TracedRequest;
import dev.httptrace.WroteRequestInfo;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** {@code client.name} is the bare host, bounded in number, and no other part of the URI reaches a tag. */
class ClientNameCardinalityTest {

    private final MockClock clock = new MockClock();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    private final MeterClientTraceFactory factory = new MeterClientTraceFactory(registry);

    /** getConn → gotConn(reused) → wroteRequest → gotFirstResponseByte, 1 ms between hooks. */
    private void reusedExchange(MeterClientTraceFactory factory, TracedRequest request) {
        ClientTrace trace = factory.create(request);
        trace.getConn(request.uri().getHost() + ":80");
        clock.add(Duration.ofMillis(1));
        trace.gotConn(pooledConnection(Duration.ofMillis(1)));
        clock.add(Duration.ofMillis(1));
        trace.wroteRequest(WroteRequestInfo.OK);
        clock.add(Duration.ofMillis(1));
        trace.gotFirstResponseByte();
    }

    private List<String> clientNames() {
        return registry.find("httptrace.connection.acquire").timers().stream()
                .map(timer -> timer.getId().getTag("client.name"))
                .distinct()
                .toList();
    }

    @Test
    void hostsBeyondTheFirstHundredAreTaggedOther() {
        for (int i = 0; i < 150; i++) {
            reusedExchange(factory, request("GET", "http://host-" + i + ".example/"));
        }
        // a host seen before the limit keeps its name afterwards
        reusedExchange(factory, request("GET", "http://host-7.example/"));

        List<String> expected = new ArrayList<>(
                IntStream.range(0, 100).mapToObj(i -> "host-" + i + ".example").toList());
        expected.add("other");
        assertThat(clientNames()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(MeterSnapshot.of(registry, "httptrace.connection.acquire")).contains(
                "httptrace.connection.acquire{client.name=other,exception=none,reused=true} count=50 total=50ms",
                "httptrace.connection.acquire{client.name=host-7.example,exception=none,reused=true} count=2 total=2ms");
        assertThat(registry.getMeters()).as("4 timers per client name").hasSize(101 * 4);
    }

    @Test
    void tenThousandDistinctHostsStayBounded() {
        for (int i = 0; i < 10_000; i++) {
            reusedExchange(factory, request("GET", "http://tenant-" + i + ".example/"));
        }

        assertThat(clientNames()).hasSize(101).contains("other");
        assertThat(registry.getMeters()).hasSize(101 * 4);
    }

    @Test
    void theLimitIsConfigurable() {
        MeterClientTraceFactory small = MeterClientTraceFactory.builder(registry).maxClientNames(2).build();
        for (String host : List.of("a.example", "b.example", "c.example", "a.example", "d.example")) {
            reusedExchange(small, request("GET", "http://" + host + "/"));
        }

        assertThat(clientNames()).containsExactlyInAnyOrder("a.example", "b.example", "other");
        assertThat(registry.get("httptrace.connection.acquire").tags("client.name", "other").timer().count())
                .isEqualTo(2);
    }

    @Test
    void zeroTagsEveryRequestOther() {
        MeterClientTraceFactory none = MeterClientTraceFactory.builder(registry).maxClientNames(0).build();
        reusedExchange(none, request("GET", "http://a.example/"));

        assertThat(clientNames()).containsExactly("other");
    }

    @Test
    void aNegativeLimitIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MeterClientTraceFactory.builder(registry).maxClientNames(-1))
                .withMessageContaining("-1");
    }

    @Test
    void userInfoPortPathQueryAndFragmentNeverBecomeTags() {
        TracedRequest request = request("POST",
                "https://alice:s3cret@api.example.com:8443/v1/users/42?token=abc123&q=x#frag");
        ClientTrace trace = factory.create(request);
        trace.getConn("api.example.com:8443");
        trace.dnsStart(new DnsStartInfo("api.example.com"));
        trace.dnsDone(HookFixtures.resolved(HookFixtures.V4));
        trace.connectStart("tcp", "203.0.113.10:8443");
        trace.connectDone("tcp", "203.0.113.10:8443", null);
        trace.tlsHandshakeStart();
        trace.tlsHandshakeDone(HookFixtures.handshake("TLSv1.3"), null);
        trace.gotConn(HookFixtures.newConnection());
        trace.wroteRequest(WroteRequestInfo.OK);
        trace.gotFirstResponseByte();

        assertThat(MeterSnapshot.tagValues(registry)).containsExactlyInAnyOrder(
                "api.example.com", "none", "ipv4", "1.3", "false", "POST");
        assertThat(registry.getMeters()).allSatisfy(meter -> assertThat(meter.getId().toString())
                .doesNotContain("alice", "s3cret", "8443", "/v1", "42", "token", "abc123", "frag"));
    }

    @Test
    void ipv6LiteralKeepsItsBracketsAsSpringDoes() {
        reusedExchange(factory, request("GET", "http://[2001:db8::1]:8080/"));

        assertThat(clientNames()).containsExactly("[2001:db8::1]");
    }

    @Test
    void aUriWithoutHostIsTaggedNone() {
        reusedExchange(factory, request("GET", "/relative/path"));

        assertThat(clientNames()).containsExactly("none");
    }

    @Test
    void hostIsTakenAsGivenWithoutPort() {
        reusedExchange(factory, request("GET", "http://example.com:8080/"));
        reusedExchange(factory, request("GET", "http://example.com/"));

        Timer acquire = registry.get("httptrace.connection.acquire").tags("client.name", "example.com").timer();
        assertThat(acquire.count()).isEqualTo(2);
        assertThat(clientNames()).containsExactly("example.com");
    }

    @Test
    void methodsBeyondSixteenPerClientAreTaggedOther() {
        for (int i = 0; i < 20; i++) {
            reusedExchange(factory, request("M" + i, "http://example.com/"));
        }

        List<String> methods = registry.find("httptrace.request.write").timers().stream()
                .map(timer -> timer.getId().getTag("method"))
                .toList();
        assertThat(methods).hasSize(17).contains("M0", "M15", "other").doesNotContain("M16");
        assertThat(registry.get("httptrace.request.write").tags("method", "other").timer().count()).isEqualTo(4);
    }
}
