package dev.httptrace.micrometer;

import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

/**
 * Every meter of a registry as one line, {@code name{every=tag,...} count=N total=Tms}, sorted: asserting
 * the whole list pins each meter by its full tag set, its exact count and total, and that nothing else was
 * recorded.
 */
final class MeterSnapshot {

    private MeterSnapshot() {
    }

    static List<String> of(MeterRegistry registry) {
        return registry.getMeters().stream().map(MeterSnapshot::line).sorted().toList();
    }

    /** Only the meters named {@code name}. */
    static List<String> of(MeterRegistry registry, String name) {
        return registry.find(name).meters().stream().map(MeterSnapshot::line).sorted().toList();
    }

    static String line(Meter meter) {
        String id = meter.getId().getName() + meter.getId().getTags().stream()
                .map(tag -> tag.getKey() + "=" + tag.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        if (meter instanceof Timer timer) {
            return id + " count=" + timer.count() + " total=" + millis(timer.totalTime(TimeUnit.NANOSECONDS)) + "ms";
        }
        if (meter instanceof Counter counter) {
            return id + " count=" + (long) counter.count();
        }
        return id + " " + meter.getClass().getSimpleName();
    }

    private static String millis(double nanos) {
        return BigDecimal.valueOf(nanos).movePointLeft(6).stripTrailingZeros().toPlainString();
    }

    /** All tag values of all meters, for checks that some text never became a tag. */
    static List<String> tagValues(MeterRegistry registry) {
        return registry.getMeters().stream()
                .flatMap(meter -> meter.getId().getTags().stream())
                .map(Tag::getValue)
                .distinct()
                .sorted()
                .toList();
    }
}
