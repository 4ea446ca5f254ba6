package dev.httptrace.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The benchmarks Report reads exist under those names; a rename fails here, not silently in a report. */
class BenchmarkIdsTest {

    @Test
    void everyIdNamesABenchmarkAsJmhReportsIt() {
        assertThat(BenchmarkIds.KEEP_ALIVE_TRACED_METERS.name()).isEqualTo("Scenario1KeepAlive.tracedMeters");
        assertThat(BenchmarkIds.PEERS56_HTTP_CLIENT5_OBSERVATION.name())
                .isEqualTo("peers56.Scenario6PeersHttpClient56.httpClient5Observation");
    }

    @Test
    void aMethodThatIsNoBenchmarkIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkId.of(Scenario1KeepAlive.class, "tracedMetrics"))
                .withMessageContaining("no @Benchmark method tracedMetrics");
    }
}
