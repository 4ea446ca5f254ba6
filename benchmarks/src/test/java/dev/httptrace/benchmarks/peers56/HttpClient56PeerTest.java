package dev.httptrace.benchmarks.peers56;

import static org.assertj.core.api.Assertions.assertThat;

import dev.httptrace.benchmarks.ThreadDrain;
import dev.httptrace.benchmarks.server.ServerProcess;
import org.junit.jupiter.api.Test;

/** The httpclient5-observation peer gets its answers and records (compiled with the httpclient-5.6 profile only). */
class HttpClient56PeerTest {

    @Test
    void httpClient5ObservationRecords() throws Exception {
        try (ServerProcess server = ServerProcess.start()) {
            Scenario6PeersHttpClient56 benchmark = new Scenario6PeersHttpClient56();
            benchmark.setUp(server);
            ThreadDrain drain = new ThreadDrain();
            assertThat(benchmark.httpClient5Observation(drain)).isTrue();
            assertThat(benchmark.httpClient5Observation(drain)).isTrue();
            assertThat(benchmark.recorded()).isEqualTo(2);
            benchmark.tearDown();
        }
    }
}
