package dev.httptrace.hc5;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.httptrace.ClientTrace;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.TracedRequest;
import dev.httptrace.micrometer.MeterClientTraceFactory;
import dev.httptrace.testsupport.Closeables;
import dev.httptrace.testsupport.ConnectionScript;
import dev.httptrace.testsupport.EveryHook;
import dev.httptrace.testsupport.RawRequest;
import dev.httptrace.testsupport.RecordingClientTrace.PutIdleConn;
import dev.httptrace.testsupport.RecordingClientTrace;
import dev.httptrace.testsupport.ScriptedServer;
import dev.httptrace.testsupport.TestCertificates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load, hook failures under load and heap retention. {@code mvn verify} runs short sizes; the full sizes of
 * RELIABILITY.md run with {@code -Dhttptrace.load.full=true} (see that file for the command and figures).
 */
@Tag("load")
class LoadTest {

    private static final boolean FULL = Boolean.getBoolean("httptrace.load.full");

    private static final TestCertificates CERTS = TestCertificates.generate("localhost");

    /** Answers every request of a keep-alive connection; keeps nothing per request. */
    private static final ConnectionScript KEEP_ALIVE = c -> {
        while (c.readRequest() != null) {
            c.writeResponse(200, "ok");
        }
    };

    @AutoClose
    final Closeables closeables = new Closeables();


    private static int size(int shortSize, int fullSize) {
        return FULL ? fullSize : shortSize;
    }

    /** The three kinds of target: keep-alive HTTP, keep-alive HTTPS, and a server that closes after each response. */
    private record Target(String url, String host, boolean tls, boolean pooled, ScriptedServer server) {
    }

    /** Raw-socket servers (thread per connection, faster than the JDK's server under this load). */
    private List<Target> targets() {
        ScriptedServer plain = closeables.add(ScriptedServer.start(KEEP_ALIVE));
        ScriptedServer secure = closeables.add(ScriptedServer.startTls(CERTS, KEEP_ALIVE));
        ScriptedServer closing = closeables.add(ScriptedServer.start(c -> {
            RawRequest request = c.readRequest();
            if (request != null) {
                c.writeResponse(200, "bye", "Connection: close");
            }
        }));
        return List.of(new Target(plain.url("/"), "127.0.0.1", false, true, plain),
                new Target("https://localhost:" + secure.port() + "/", "localhost", true, true, secure),
                new Target("http://other.test:" + closing.port() + "/", "other.test", false, false, closing));
    }

    @Test
    void everyRequestOfAMixedLoadSeesItsOwnValidSequenceAndIsCounted() throws Exception {
        int threads = 64;
        int perThread = size(60, 10_000);
        List<Target> targets = targets();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);
        PooledClient pooled = closeables.add(PooledClient.of(TracingHttpClients.custom()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
                .setMaxConnTotal(16).setMaxConnPerRoute(16)));
        AtomicInteger[] perTarget = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger[] refusals = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    List<String> problems = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        int which = (thread + i) % 3;
                        Target target = targets.get(which);
                        RecordingClientTrace trace = new RecordingClientTrace();
                        ClientTrace composite = meters.create(new TracedRequest("GET", URI.create(target.url()), Map.of())).andThen(trace);
                        TracedCalls.Result result = TracedCalls.get(pooled.client(), target.url(), composite);
                        perTarget[which].incrementAndGet();
                        String problem = result.status() == 200 ? SequenceChecker.check(trace.names(), target.tls(), target.pooled())
                                : "status " + result.status();
                        if (problem == null && target.pooled() && trace.first(PutIdleConn.class).err() != null) {
                            // real: the full pool closed it to make room for another route's waiting lease
                            refusals[which].incrementAndGet();
                        }
                        if (problem != null && problems.size() < 20) {
                            problems.add(target.host() + ": " + problem);
                        }
                    }
                    return problems;
                }));
            }
            List<String> problems = new ArrayList<>();
            for (Future<List<String>> result : results) {
                problems.addAll(result.get(30, TimeUnit.MINUTES));
            }
            assertThat(problems).isEmpty();
        } finally {
            pool.shutdownNow();
        }

        for (int i = 0; i < 3; i++) {
            String host = targets.get(i).host();
            assertThat(registry.get("httptrace.server.processing").tag("client.name", host).timer().count())
                    .as("server.processing count of %s", host).isEqualTo(perTarget[i].get());
        }
        assertThat(pooled.pool().getTotalStats().getLeased()).isZero();
        // every refusal closed one keep-alive connection of its own; the others are idle in the pool, or were
        // closed by the pool while idle, to make room for another route (no eviction thread, no time to live)
        for (int i = 0; i < 2; i++) {
            Target target = targets.get(i);
            int idle = pooled.pool().getRoutes().stream().filter(route -> route.getTargetHost().getPort() == target.server().port())
                    .mapToInt(route -> pooled.pool().getStats(route).getAvailable()).sum();
            assertThat(refusals[i].get() + idle).as("refusals + idle connections of %s", target.host())
                    .isLessThanOrEqualTo(target.server().connectionCount());
        }
        report("putIdleConn refusals (the full pool closing a keep-alive connection for another route's lease): %d HTTP, "
                + "%d HTTPS; each one a connection the server saw closed", refusals[0].get(), refusals[1].get());
        report("mixed load: %d threads x %d requests = %d requests (%d HTTP keep-alive, %d HTTPS keep-alive, %d new "
                + "connection each) in %.1f s; 0 invalid sequences; server.processing count = requests for each host",
                threads, perThread, threads * perThread, perTarget[0].get(), perTarget[1].get(), perTarget[2].get(),
                (System.nanoTime() - started) / 1e9);
    }

    private static void report(String format, Object... args) {
        System.out.println("RELIABILITY " + String.format(format, args));
    }

    @Test
    void everyHookThrowingOnEveryRequestBreaksNoRequestAndIsCountedWithARateLimitedLog() throws Exception {
        int requests = size(1_000, 10_000);
        ScriptedServer server = closeables.add(ScriptedServer.startTls(CERTS, KEEP_ALIVE));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);
        PooledClient pooled = closeables.add(PooledClient.of(TracingHttpClients.custom()
                .setTlsSocketStrategy(new DefaultClientTlsStrategy(CERTS.clientSslContext()))
                .setHookErrorHandler(HookErrorHandler.logging().andThen(meters.hookErrorHandler()))));
        Logger log = (Logger) LoggerFactory.getLogger(HookErrorHandler.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        log.addAppender(lines);
        long hooksFired = 0;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < requests; i++) {
                RecordingClientTrace recorder = new RecordingClientTrace();
                ClientTrace throwingEverywhere = EveryHook.HOOKS.stream().map(EveryHook::throwingIn)
                        .reduce(ClientTrace.NONE, ClientTrace::andThen);
                TracedCalls.Result result = TracedCalls.get(pooled.client(), "https://localhost:" + server.port() + "/",
                        throwingEverywhere.andThen(recorder));
                assertThat(result.status()).isEqualTo(200);
                hooksFired += recorder.allNames().size();
            }
        } finally {
            log.detachAppender(lines);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        double counted = registry.get("httptrace.hook.errors").counters().stream().mapToDouble(c -> c.count()).sum();
        assertThat(counted).isEqualTo(hooksFired);
        long warnings = lines.list.stream().filter(e -> e.getLevel() == Level.WARN).count();
        // at most one WARN per hook name every 10 s
        assertThat(warnings).isLessThanOrEqualTo(EveryHook.HOOKS.size() * (seconds / 10 + 1));
        assertThat(pooled.pool().getTotalStats().getLeased()).isZero();
        report("throwing hooks: %d requests, every hook throwing on each: %d succeeded, %.0f hook failures counted "
                + "in httptrace.hook.errors, %d WARN lines in %d s", requests, requests, counted, warnings, seconds);
    }

    @Test
    void noPerRequestStateIsRetained() throws Exception {
        int total = size(20_000, 200_000);
        int checkpoint = total / 4;
        // a server that keeps nothing per request (LoopbackHttpServer records request lines)
        ScriptedServer server = closeables.add(ScriptedServer.start(KEEP_ALIVE));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        MeterClientTraceFactory meters = new MeterClientTraceFactory(registry);
        PooledClient pooled = closeables.add(PooledClient.of(TracingHttpClients.custom()));
        URI uri = URI.create("http://localhost:" + server.port() + "/");
        long atCheckpoint = 0;
        for (int i = 1; i <= total; i++) {
            TracedCalls.get(pooled.client(), uri.toString(), meters.create(new TracedRequest("GET", uri, Map.of())));
            if (i == checkpoint) {
                atCheckpoint = usedHeapAfterGc();
            }
        }
        long atEnd = usedHeapAfterGc();

        // everything per request is garbage once the request is done: no growth beyond GC noise (2 MiB)
        assertThat(atEnd - atCheckpoint).as("heap growth from request %d to %d, bytes", checkpoint, total)
                .isLessThan(2L * 1024 * 1024);
        assertThat(registry.get("httptrace.server.processing").timer().count()).isEqualTo(total);
        report("heap: %,d requests with meters on; used heap after full GC %,d bytes at request %,d and %,d bytes at "
                + "request %,d (%+,d bytes)", total, atCheckpoint, checkpoint, atEnd, total, atEnd - atCheckpoint);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
