package dev.httptrace.benchmarks.peers56;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import dev.httptrace.benchmarks.ThreadDrain;
import dev.httptrace.benchmarks.fixtures.Drain;
import dev.httptrace.benchmarks.fixtures.Hc5Fixture;
import dev.httptrace.benchmarks.server.ServerProcess;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.observation.HttpClientObservationSupport;
import org.apache.hc.client5.http.observation.ObservingOptions;
import org.apache.hc.core5.io.CloseMode;
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

/**
 * Scenario 6, the peer that needs HttpClient 5.6: HttpClient's own {@code httpclient5-observation} module
 * ({@link HttpClientObservationSupport#enable} with {@link ObservingOptions#DEFAULT}: the basic request
 * timer) on a plain HttpClient 5, observations to a {@link SimpleMeterRegistry} through
 * {@link DefaultMeterObservationHandler}. Compiled only by the Maven profile {@code httpclient-5.6}
 * ({@code -Dspring-boot.version=4.1.2}); its baseline is {@code Scenario1KeepAlive.plain} of the same run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 6, time = 3)
@Threads(1)
@State(Scope.Benchmark)
public class Scenario6PeersHttpClient56 {

    private URI uri;

    private SimpleMeterRegistry registry;

    private CloseableHttpClient client;

    @Setup
    public void setUp() {
        setUp(ServerProcess.shared());
    }

    void setUp(ServerProcess server) {
        uri = server.httpUri();
        registry = new SimpleMeterRegistry();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
        client = Hc5Fixture.plainClient(server, 5,
                builder -> HttpClientObservationSupport.enable(builder, observations, registry, ObservingOptions.DEFAULT));
    }

    /** Requests recorded by the module's timers. */
    long recorded() {
        return registry.getMeters().stream().filter(Timer.class::isInstance).mapToLong(m -> ((Timer) m).count()).max().orElse(0);
    }

    @TearDown
    public void tearDown() {
        long recorded = recorded();
        client.close(CloseMode.IMMEDIATE);
        registry.close();
        if (recorded <= 0) {
            throw new IllegalStateException("httpclient5-observation recorded no timer");
        }
    }

    @Benchmark
    public boolean httpClient5Observation(ThreadDrain t) throws IOException {
        return Drain.check(client.execute(new HttpGet(uri), t.drain));
    }
}
