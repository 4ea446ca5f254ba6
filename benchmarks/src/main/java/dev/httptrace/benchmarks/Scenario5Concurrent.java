package dev.httptrace.benchmarks;

import java.io.IOException;
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
import dev.httptrace.benchmarks.fixtures.Hc5Fixture;
import dev.httptrace.benchmarks.server.ServerProcess;

/**
 * Scenario 5: 8 threads sharing one client with a pool of 8 connections (so no thread waits for a
 * connection), keep-alive GET of 1 KiB: plain HttpClient 5 vs the traced client with all meters (the
 * meters' timers are shared by all threads). The server gets a thread per connection.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 6, time = 3)
@Threads(8)
@State(Scope.Benchmark)
public class Scenario5Concurrent {

    private Hc5Fixture fixture;

    @Setup
    public void setUp() {
        fixture = new Hc5Fixture(ServerProcess.shared(), false, false, 8);
    }

    @TearDown
    public void tearDown(BenchmarkParams params) {
        Checks.metersRecorded(params, fixture::meteredAcquisitions);
        fixture.close();
    }

    @Benchmark
    public boolean plain(ThreadDrain t) throws IOException {
        return Drain.check(fixture.plain(t.drain));
    }

    @Benchmark
    public boolean tracedMeters(ThreadDrain t) throws IOException {
        return Drain.check(fixture.tracedMeters(t.drain));
    }
}
