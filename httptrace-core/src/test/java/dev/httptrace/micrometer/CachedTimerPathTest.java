package dev.httptrace.micrometer;

import static dev.httptrace.micrometer.HookFixtures.V4;
import static dev.httptrace.micrometer.HookFixtures.V6;
import static dev.httptrace.micrometer.HookFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLHandshakeException;

import dev.httptrace.ClientTrace;
import dev.httptrace.DnsDoneInfo;
import dev.httptrace.DnsStartInfo;
import dev.httptrace.GotConnInfo;
import dev.httptrace.TlsConnectionState;
import dev.httptrace.TracedRequest;
import dev.httptrace.WroteRequestInfo;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/**
 * Once a (client name, tag values) path has been recorded, recording into it again neither registers
 * meters nor looks them up: DESIGN.md §5 "Cost".
 */
class CachedTimerPathTest {

    private final MockClock clock = new MockClock();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);

    private final MeterClientTraceFactory factory = new MeterClientTraceFactory(registry);

    // every info value built once, so that the loops below allocate nothing of their own
    private final TracedRequest post = request("POST", "https://example.com/upload?id=1");

    private final DnsStartInfo dnsStart = new DnsStartInfo("example.com");

    private final DnsDoneInfo resolved = HookFixtures.resolved(V6, V4);

    private final DnsDoneInfo unresolved = HookFixtures.notResolved(new UnknownHostException("example.com"));

    private final ConnectException refused = new ConnectException("Connection refused");

    private final SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");

    private final TlsConnectionState tls13 = HookFixtures.handshake("TLSv1.3");

    private final TlsConnectionState tlsFailed = HookFixtures.failedHandshake();

    private final GotConnInfo fresh = HookFixtures.newConnection();

    private final GotConnInfo pooled = HookFixtures.pooledConnection(Duration.ofSeconds(2));

    private final Duration tick = Duration.ofMillis(1);

    /** One request of each shape: every meter and most tag values. */
    private void requestsOfEveryShape() {
        // HTTPS fresh, first address refused, expect-continue that times out
        ClientTrace trace = factory.create(post);
        trace.getConn("example.com:443");
        trace.dnsStart(dnsStart);
        clock.add(tick);
        trace.dnsDone(resolved);
        trace.connectStart("tcp", "[2001:db8::1]:443");
        clock.add(tick);
        trace.connectDone("tcp", "[2001:db8::1]:443", refused);
        trace.connectStart("tcp", "203.0.113.10:443");
        clock.add(tick);
        trace.connectDone("tcp", "203.0.113.10:443", null);
        trace.tlsHandshakeStart();
        clock.add(tick);
        trace.tlsHandshakeDone(tls13, null);
        trace.gotConn(fresh);
        trace.wroteHeaders();
        trace.wait100Continue();
        clock.add(tick);
        trace.wroteRequest(WroteRequestInfo.OK);
        clock.add(tick);
        trace.gotFirstResponseByte();
        trace.putIdleConn(null);

        // reused, expect-continue accepted
        trace = factory.create(post);
        trace.getConn("example.com:443");
        trace.gotConn(pooled);
        trace.wroteHeaders();
        trace.wait100Continue();
        clock.add(tick);
        trace.gotFirstResponseByte();
        trace.got100Continue();
        trace.wroteRequest(WroteRequestInfo.OK);

        // reused, expect-continue rejected
        trace = factory.create(post);
        trace.getConn("example.com:443");
        trace.gotConn(pooled);
        trace.wait100Continue();
        clock.add(tick);
        trace.gotFirstResponseByte();
        trace.wroteRequest(WroteRequestInfo.OK);

        // DNS failure
        trace = factory.create(post);
        trace.getConn("example.com:443");
        trace.dnsStart(dnsStart);
        clock.add(tick);
        trace.dnsDone(unresolved);
        trace.getConnFailed(unresolved.err());

        // TLS failure on both addresses
        trace = factory.create(post);
        trace.getConn("example.com:443");
        trace.dnsStart(dnsStart);
        trace.dnsDone(resolved);
        for (String addr : new String[] {"[2001:db8::1]:443", "203.0.113.10:443"}) {
            trace.connectStart("tcp", addr);
            trace.connectDone("tcp", addr, null);
            trace.tlsHandshakeStart();
            clock.add(tick);
            trace.tlsHandshakeDone(tlsFailed, untrusted);
        }
        trace.getConnFailed(untrusted);
    }

    @Test
    void recordingIntoCachedTimersCreatesNoMeter() {
        requestsOfEveryShape();
        List<Meter> before = registry.getMeters();
        assertThat(before).hasSize(17);
        long acquiresBefore = registry.find("httptrace.connection.acquire").timers().stream()
                .mapToLong(timer -> timer.count()).sum();

        AtomicInteger added = new AtomicInteger();
        registry.config().onMeterAdded(meter -> added.incrementAndGet());
        for (int i = 0; i < 100; i++) {
            requestsOfEveryShape();
        }

        assertThat(added).hasValue(0);
        Set<Meter> after = Collections.newSetFromMap(new IdentityHashMap<>());
        after.addAll(registry.getMeters());
        assertThat(after).hasSize(before.size()).containsAll(before);
        long acquiresAfter = registry.find("httptrace.connection.acquire").timers().stream()
                .mapToLong(timer -> timer.count()).sum();
        assertThat(acquiresAfter).isEqualTo(acquiresBefore * 101);
    }

    @Test
    void aRequestAllocatesLittleMoreThanItsTrace() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        long thread = Thread.currentThread().getId();

        int rounds = 20_000;
        for (int i = 0; i < rounds; i++) {
            requestsOfEveryShape();
        }
        List<Long> perRequest = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            long start = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < rounds; i++) {
                requestsOfEveryShape();
            }
            perRequest.add((threads.getThreadAllocatedBytes(thread) - start) / (rounds * 5L));
        }

        // the trace object is 120 bytes (measured 124 per request: the loop's own String[] adds the rest);
        // DESIGN.md §5 measured ~3.6 KiB per request when timers are looked up per request
        assertThat(perRequest.stream().mapToLong(Long::longValue).min().orElseThrow())
                .as("bytes allocated per request, best of %s", perRequest)
                .isLessThan(256);
    }
}
