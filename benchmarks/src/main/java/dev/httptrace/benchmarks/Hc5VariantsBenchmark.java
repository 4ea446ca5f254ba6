package dev.httptrace.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import dev.httptrace.benchmarks.fixtures.Drain;
import dev.httptrace.benchmarks.fixtures.Hc5Fixture;
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

/**
 * The five HttpClient 5 variants measured on one kind of exchange: plain HttpClient 5, then the traced client
 * with no trace, with a no-op trace, with all meters, with a timestamp on every hook. Subclasses say which
 * exchange by the fixture they make; JMH runs the inherited benchmarks under each subclass's name.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 6, time = 3)
@Threads(1)
@State(Scope.Benchmark)
public abstract class Hc5VariantsBenchmark {

    private Hc5Fixture fixture;

    @Setup
    public void setUp() {
        fixture = createFixture();
    }

    /** The client and server set-up of the scenario. */
    protected abstract Hc5Fixture createFixture();

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
    public boolean tracedNoTrace(ThreadDrain t) throws IOException {
        return Drain.check(fixture.tracedNoTrace(t.drain));
    }

    @Benchmark
    public boolean tracedNoopTrace(ThreadDrain t) throws IOException {
        return Drain.check(fixture.tracedNoopTrace(t.drain));
    }

    @Benchmark
    public boolean tracedMeters(ThreadDrain t) throws IOException {
        return Drain.check(fixture.tracedMeters(t.drain));
    }

    @Benchmark
    public boolean tracedTimestamps(ThreadDrain t) throws IOException {
        return Drain.check(fixture.tracedTimestamps(t.drain));
    }
}
