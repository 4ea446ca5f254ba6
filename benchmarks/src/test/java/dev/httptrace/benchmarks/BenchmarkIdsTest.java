package dev.httptrace.benchmarks;

import java.util.regex.Pattern;

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
    void theHttpClient56RunSelectsExactlyItsBenchmarks() {
        assertThat(BenchmarkIds.KEEP_ALIVE_PLAIN.regex()).isEqualTo("^\\Qdev.httptrace.benchmarks.Scenario1KeepAlive.plain\\E$");
        assertThat(Pattern.compile(BenchmarkIds.KEEP_ALIVE_PLAIN.regex())
                .matcher("dev.httptrace.benchmarks.Scenario1KeepAlive.plainer").find()).isFalse();
        assertThat(BenchmarkIds.BOOT_41_RUN).contains(BenchmarkIds.KEEP_ALIVE_TRACED_METERS,
                BenchmarkIds.PEERS56_HTTP_CLIENT5_OBSERVATION);
    }

    @Test
    void everyMeteredBenchmarkIsOneOfTheMetersVariants() {
        assertThat(BenchmarkIds.METERED).hasSize(7).extracting(BenchmarkId::method)
                .allMatch(method -> method.endsWith("TracedMeters") || method.equals("tracedMeters")
                        || method.equals("tracedFactoryMeters"));
    }

    @Test
    void aMethodThatIsNoBenchmarkIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkId.of(Scenario1KeepAlive.class, "tracedMetrics"))
                .withMessageContaining("no @Benchmark method tracedMetrics");
    }
}
