package dev.httptrace.benchmarks;

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
import dev.httptrace.benchmarks.fixtures.RestClientFixture;
import dev.httptrace.benchmarks.server.ServerProcess;

/**
 * Scenario 4: Spring's RestClient, keep-alive GET of 1 KiB read as {@code byte[]}, one thread: over
 * {@code TracingClientHttpRequestFactory} composing the meters' trace itself, no interceptor (the Boot
 * starter's wiring), over Spring's {@code HttpComponentsClientHttpRequestFactory} (plain HttpClient 5), over
 * {@code JdkClientHttpRequestFactory} (JDK HttpClient, HTTP/1.1).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 6, time = 3)
@Threads(1)
@State(Scope.Benchmark)
public class Scenario4RestClient {

    private RestClientFixture fixture;

    @Setup
    public void setUp() {
        fixture = new RestClientFixture(ServerProcess.shared());
    }

    @TearDown
    public void tearDown(BenchmarkParams params) {
        Checks.metersRecorded(params, fixture::meteredAcquisitions);
        fixture.close();
    }

    @Benchmark
    public boolean tracedFactoryMeters() {
        return Drain.check(fixture.get(fixture.traced));
    }

    @Benchmark
    public boolean httpComponentsFactory() {
        return Drain.check(fixture.get(fixture.httpComponents));
    }

    @Benchmark
    public boolean jdkFactory() {
        return Drain.check(fixture.get(fixture.jdk));
    }
}
