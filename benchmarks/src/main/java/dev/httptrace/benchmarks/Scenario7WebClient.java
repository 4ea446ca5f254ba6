package dev.httptrace.benchmarks;

import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import dev.httptrace.benchmarks.fixtures.Drain;
import dev.httptrace.benchmarks.fixtures.WebClientFixture;
import dev.httptrace.benchmarks.server.ServerProcess;

/**
 * Scenario 7: Spring's WebClient on Reactor Netty, keep-alive GET of 1 KiB read as {@code byte[]}, one thread
 * blocking on each request: plain, traced with every httptrace meter, and with Reactor Netty's own
 * {@code metrics(true, identity)}. Part of each request runs on Reactor Netty's event loops: {@code gc.alloc.rate.norm}
 * and {@code cpu.client} count it, {@code cpu.worker} and {@code alloc.worker} do not ({@code PairedCpu webclient}
 * measures all threads per request).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 6, time = 3)
@Threads(1)
@State(Scope.Benchmark)
public class Scenario7WebClient {

    private WebClientFixture fixture;

    @Setup
    public void setUp() {
        fixture = new WebClientFixture(ServerProcess.shared());
    }

    @TearDown
    public void tearDown(BenchmarkParams params) {
        Checks.metersRecorded(params, fixture::meteredAcquisitions);
        Checks.recordedExactlyIn(params, WebClientFixture.REACTOR_NETTY_RESPONSE_TIME,
                Set.of(BenchmarkIds.WEB_CLIENT_REACTOR_NETTY_METRICS), fixture.reactorNettyResponses());
        fixture.close();
    }

    @Benchmark
    public boolean plain(ThreadDrain t) {
        return Drain.check(fixture.plain(t.drain));
    }

    @Benchmark
    public boolean tracedMeters(ThreadDrain t) {
        return Drain.check(fixture.tracedMeters(t.drain));
    }

    @Benchmark
    public boolean reactorNettyMetrics(ThreadDrain t) {
        return Drain.check(fixture.reactorNettyMetrics(t.drain));
    }
}
