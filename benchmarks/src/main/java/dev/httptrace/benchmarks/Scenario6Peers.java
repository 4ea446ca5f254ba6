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
import dev.httptrace.benchmarks.fixtures.MicrometerObservationFixture;
import dev.httptrace.benchmarks.fixtures.OkHttpFixture;
import dev.httptrace.benchmarks.server.ServerProcess;

/**
 * Scenario 6: what users would pick instead to see inside a call, keep-alive GET of 1 KiB, one thread, on
 * the same server as scenario 1 (whose {@code plain} is the HttpClient 5 baseline): Micrometer's
 * {@code ObservationExecChainHandler} on HttpClient 5; OkHttp plain (the OkHttp peers' baseline), with
 * Micrometer's {@code OkHttpMetricsEventListener}, with a listener that timestamps every event and records 8
 * timers. HttpClient's {@code httpclient5-observation} (5.6 only) is in {@code Scenario6PeersHttpClient56}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 6, time = 3)
@Threads(1)
@State(Scope.Benchmark)
public class Scenario6Peers {

    private MicrometerObservationFixture observation;

    private OkHttpFixture okHttp;

    @Setup
    public void setUp() {
        observation = new MicrometerObservationFixture(ServerProcess.shared());
        okHttp = new OkHttpFixture(ServerProcess.shared());
    }

    @TearDown
    public void tearDown(BenchmarkParams params) {
        String name = params.getBenchmark();
        if (name.endsWith("micrometerObservationExecChainHandler")) {
            Checks.positive(params, "httpcomponents.httpclient.request", observation.recorded());
        } else if (name.endsWith("okHttpMetricsEventListener")) {
            Checks.positive(params, "okhttp.requests", okHttp.recorded()[0]);
        } else if (name.endsWith("okHttpTimestampListener")) {
            Checks.positive(params, "bench.okhttp.call", okHttp.recorded()[1]);
        }
        observation.close();
        okHttp.close();
    }

    @Benchmark
    public boolean micrometerObservationExecChainHandler(ThreadDrain t) throws IOException {
        return Drain.check(observation.get(t.drain));
    }

    @Benchmark
    public boolean okHttpPlain(ThreadDrain t) throws IOException {
        return Drain.check(okHttp.plain(t.drain));
    }

    @Benchmark
    public boolean okHttpMetricsEventListener(ThreadDrain t) throws IOException {
        return Drain.check(okHttp.metrics(t.drain));
    }

    @Benchmark
    public boolean okHttpTimestampListener(ThreadDrain t) throws IOException {
        return Drain.check(okHttp.timestamps(t.drain));
    }
}
