package dev.httptrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.httptrace.benchmarks.fixtures.Drain;

/**
 * Paired CPU measurement of the keep-alive (or new-connection) variants of {@link PairedVariants},
 * complementing the JMH run. On a noisy 2-vCPU virtual machine the CPU per request of one JMH fork drifts by
 * several µs from fork to fork and iteration to iteration, ten times the +0.5 µs the target allows; comparing two forks cannot resolve it. Here
 * every variant runs in one JVM, in short batches, in a new random order each round, so that the machine's
 * drift hits all variants alike; each round gives a paired difference against the baseline, and the median of
 * those differences with a distribution-free 95% interval is reported.
 *
 * <p>Measured per batch: its wall time, the CPU time ({@code ThreadMXBean}) and allocated bytes of the scenario's
 * threads ({@link PairedVariants#scope()}: the request thread, or every thread for a client whose event loops do part
 * of the work), and the whole JVM's CPU time ({@code getProcessCpuTime}, GC included). One JVM for all variants
 * means the JIT sees them all (shared HttpClient code is compiled for both plain and traced use), as in an
 * application that mixes traced and untraced clients.
 *
 * <pre>java -cp benchmarks.jar dev.httptrace.benchmarks.PairedCpu [rounds=200] [batch=400] [warmupSeconds=40] [keep-alive|new-connection|rest-tracing|exchanges|webclient]</pre>
 */
public final class PairedCpu {

    private PairedCpu() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 400;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        String scenario = args.length > 3 ? args[3] : "keep-alive";

        PairedVariants paired = PairedVariants.of(scenario);
        Map<String, PairedVariants.Variant> variants = paired.all();
        List<String> names = new ArrayList<>(variants.keySet());

        ThreadUsage.Scope scope = paired.scope();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Drain drain = new Drain();
        Random random = new Random(42);

        long warmupEnd = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        while (System.nanoTime() < warmupEnd) {
            Collections.shuffle(names, random);
            for (String name : names) {
                PairedVariants.runBatch(variants.get(name), drain, batch);
            }
        }

        Map<String, double[]> wall = new LinkedHashMap<>();
        Map<String, double[]> thread = new LinkedHashMap<>();
        Map<String, double[]> process = new LinkedHashMap<>();
        Map<String, double[]> alloc = new LinkedHashMap<>();
        for (String name : variants.keySet()) {
            wall.put(name, new double[rounds]);
            thread.put(name, new double[rounds]);
            process.put(name, new double[rounds]);
            alloc.put(name, new double[rounds]);
        }
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(names, random);
            for (String name : names) {
                ThreadUsage start = scope.now();
                long proc0 = os.getProcessCpuTime();
                long wall0 = System.nanoTime();
                PairedVariants.runBatch(variants.get(name), drain, batch);
                long wall1 = System.nanoTime();
                long proc1 = os.getProcessCpuTime();
                ThreadUsage end = scope.now();
                wall.get(name)[round] = (double) (wall1 - wall0) / batch;
                thread.get(name)[round] = end.cpuSince(start) / 1000d / batch;
                process.get(name)[round] = (proc1 - proc0) / 1000d / batch;
                alloc.get(name)[round] = (double) end.bytesSince(start) / batch;
            }
        }

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "### Paired CPU, %s (%d rounds × %d requests per variant, random order per round, %d s warm-up, one JVM)%n%n",
                scenario, rounds, batch, warmupSeconds));
        out.append("Median per request; Δ = median of the per-round differences to the baseline, [95% interval].\n\n");
        out.append(String.format(Locale.ROOT, "| variant | baseline | wall (ns) | Δ wall (ns) | %1$s CPU (µs) | Δ %1$s CPU (µs) "
                + "| JVM CPU (µs) | Δ JVM CPU (µs) | %1$s alloc (B) | Δ alloc (B) |%n", scope.label()));
        out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (PairedVariants.Comparison row : paired.comparisons()) {
            String name = row.variant();
            String baseline = row.baseline();
            boolean self = row.isBaseline();
            out.append("| `").append(name).append("` | `").append(baseline).append("` | ")
                    .append(String.format(Locale.ROOT, "%.0f", median(wall.get(name)))).append(" | ")
                    .append(self ? "–" : deltaWhole(wall.get(name), wall.get(baseline))).append(" | ")
                    .append(fmt(median(thread.get(name)))).append(" | ")
                    .append(self ? "–" : delta(thread.get(name), thread.get(baseline))).append(" | ")
                    .append(fmt(median(process.get(name)))).append(" | ")
                    .append(self ? "–" : delta(process.get(name), process.get(baseline))).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f", median(alloc.get(name)))).append(" | ")
                    .append(self ? "–" : deltaWhole(alloc.get(name), alloc.get(baseline))).append(" |\n");
        }
        System.out.print(out);
        paired.close();
        System.exit(0);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Median of paired differences and its distribution-free 95% interval (order statistics, sign test). */
    private static double[] pairedMedian(double[] variant, double[] baseline) {
        int n = variant.length;
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = variant[i] - baseline[i];
        }
        Arrays.sort(d);
        int k = (int) Math.floor(n / 2d - 1.96 * Math.sqrt(n) / 2);
        k = Math.max(0, Math.min(k, n - 1));
        return new double[] {median(d), d[k], d[n - 1 - k]};
    }

    private static String delta(double[] variant, double[] baseline) {
        double[] m = pairedMedian(variant, baseline);
        return String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", m[0], m[1], m[2]);
    }

    /** A difference to the nearest unit (bytes, nanoseconds). */
    private static String deltaWhole(double[] variant, double[] baseline) {
        double[] m = pairedMedian(variant, baseline);
        return String.format(Locale.ROOT, "%+.0f [%+.0f, %+.0f]", m[0], m[1], m[2]);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
