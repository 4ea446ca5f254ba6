package dev.httptrace.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.httptrace.benchmarks.PairedVariants.Variant;
import dev.httptrace.benchmarks.fixtures.Drain;
import dev.httptrace.benchmarks.fixtures.OkHttpFixture;
import dev.httptrace.benchmarks.fixtures.TimestampTrace;
import one.profiler.AsyncProfiler;
import one.profiler.Counter;

/**
 * Where the request thread's CPU goes, per keep-alive variant: the variants of {@link PairedCpu} run
 * interleaved in one JVM under async-profiler (CPU samples with native and kernel frames, no safepoint bias),
 * and each sample is charged to the code that spent it. A sample's owner is its deepest frame of a known
 * library: the <em>instrumentation</em> (httptrace, Micrometer, the benchmark's timestamp trace and listener),
 * the <em>client</em> (HttpClient 5, OkHttp, Okio, Kotlin), or the <em>harness</em> (the benchmark's own
 * code); JDK and JVM frames above it are the owner's (a {@code ThreadLocal} look-up in a hook is the hook's
 * cost), except that anything reached through the JDK's sockets ({@code java.net}, {@code sun.nio.ch}) or in
 * the kernel is <em>socket I/O</em>, whoever called it.
 *
 * <p>This answers what the paired CPU differences cannot on a small virtual machine: whether a difference is
 * the instrumentation's own work, the client's code running differently around it, or the loopback round
 * trip (system calls, wake-ups of the other process) costing more or less.
 *
 * <pre>java -cp benchmarks.jar dev.httptrace.benchmarks.CpuAttribution [keep-alive|new-connection|rest-tracing|exchanges] [seconds=120] [warmupSeconds=40] [intervalMicros=500]</pre>
 */
public final class CpuAttribution {

    private static final int BATCH = 400;

    /** Frame prefixes (profiler notation: {@code /} between packages) of each owner, checked in this order. */
    private static final List<Map.Entry<String, String>> OWNERS = List.of(
            Map.entry(profilerName(TimestampTrace.class), Category.INSTRUMENTATION),
            Map.entry(profilerName(OkHttpFixture.class) + "$TimestampListener", Category.INSTRUMENTATION),
            Map.entry(profilerName(CpuAttribution.class.getPackage()), Category.HARNESS),
            Map.entry("dev/httptrace/", Category.INSTRUMENTATION),
            Map.entry("io/micrometer/", Category.INSTRUMENTATION),
            Map.entry("org/apache/hc/", Category.CLIENT),
            Map.entry("okhttp3/", Category.CLIENT),
            Map.entry("okio/", Category.CLIENT),
            Map.entry("kotlin/", Category.CLIENT));

    private static final String[] SOCKET_IO = {"java/net/", "sun/nio/ch/"};

    /** The categories, in table order. */
    static final class Category {
        static final String INSTRUMENTATION = "instrumentation";
        static final String CLIENT = "client";
        static final String SOCKET_IO = "socket I/O";
        static final String HARNESS = "harness";
        static final String OTHER = "other";
        static final List<String> ALL = List.of(INSTRUMENTATION, CLIENT, SOCKET_IO, HARNESS, OTHER);

        private Category() {
        }
    }

    private CpuAttribution() {
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 ? args[0] : "keep-alive";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        int warmupSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int intervalMicros = args.length > 3 ? Integer.parseInt(args[3]) : 500;

        PairedVariants paired = PairedVariants.of(scenario);
        if (paired.scope() != ThreadUsage.Scope.REQUEST_THREAD) {
            paired.close();
            throw new IllegalArgumentException("scenario " + scenario + " works on other threads than the request"
                    + " thread, whose samples alone this attribution charges: measure it with PairedCpu");
        }
        Map<String, Variant> variants = paired.all();
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, Long> requests = new HashMap<>();
        Drain drain = new Drain();
        Random random = new Random(42);

        run(variants, names, random, drain, warmupSeconds, null);
        AsyncProfiler profiler = AsyncProfiler.getInstance();
        String event = start(profiler, intervalMicros);
        run(variants, names, random, drain, seconds, requests);
        profiler.stop();
        String collapsed = profiler.dumpCollapsed(Counter.SAMPLES);
        paired.close();

        List<Sample> parsed = samples(collapsed, variants);
        Map<String, Map<String, Long>> samples = attribute(parsed);
        Map<String, Map<String, Long>> hotspots = instrumentationHotspots(parsed);
        System.out.print(report(scenario, variants, requests, samples, hotspots, seconds, warmupSeconds, intervalMicros, event));
        System.exit(0);
    }

    private static String start(AsyncProfiler profiler, int intervalMicros) throws Exception {
        for (String event : List.of("cpu", "itimer")) {
            try {
                profiler.execute("start,event=" + event + ",interval=" + intervalMicros + "us");
                return event;
            } catch (IllegalStateException | IllegalArgumentException ex) {
                System.err.println("async-profiler: event " + event + " unavailable (" + ex.getMessage() + ")");
            }
        }
        throw new IllegalStateException("async-profiler could not start");
    }

    private static void run(Map<String, Variant> variants, List<String> names, Random random, Drain drain,
            int seconds, Map<String, Long> requests) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Collections.shuffle(names, random);
            for (String name : names) {
                PairedVariants.runBatch(variants.get(name), drain, BATCH);
                if (requests != null) {
                    requests.merge(name, (long) BATCH, Long::sum);
                }
            }
        }
    }

    /** One line of the profiler's collapsed output: a stack (root first), its variant and sample count. */
    record Sample(String[] frames, Variant variant, long count) {
    }

    /** The samples of the request thread running one of {@code variants}; other threads' stacks are skipped. */
    static List<Sample> samples(String collapsed, Map<String, Variant> variants) {
        List<Sample> samples = new ArrayList<>();
        for (String line : collapsed.split("\n")) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String[] frames = line.substring(0, space).split(";");
            Variant variant = variantOf(frames, variants);
            if (variant != null) {
                samples.add(new Sample(frames, variant, Long.parseLong(line.substring(space + 1).trim())));
            }
        }
        return samples;
    }

    /** Samples per variant and category. */
    static Map<String, Map<String, Long>> attribute(List<Sample> samples) {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        for (Sample sample : samples) {
            result.computeIfAbsent(sample.variant().name(), name -> new HashMap<>())
                    .merge(categoryOf(sample.frames()), sample.count(), Long::sum);
        }
        return result;
    }

    /** Per variant, the instrumentation methods that own the most samples. */
    static Map<String, Map<String, Long>> instrumentationHotspots(List<Sample> samples) {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        for (Sample sample : samples) {
            if (Category.INSTRUMENTATION.equals(categoryOf(sample.frames()))) {
                result.computeIfAbsent(sample.variant().name(), name -> new HashMap<>())
                        .merge(shortName(sample.frames()[ownerIndex(sample.frames())]), sample.count(), Long::sum);
            }
        }
        return result;
    }

    /** A class as the profiler names it: {@code dev/httptrace/benchmarks/fixtures/TimestampTrace}. */
    static String profilerName(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    /** A package as a prefix of the profiler's names: {@code dev/httptrace/benchmarks/}. */
    static String profilerName(Package pkg) {
        return pkg.getName().replace('.', '/') + "/";
    }

    private static Variant variantOf(String[] frames, Map<String, Variant> variants) {
        for (String frame : frames) {
            String method = javaFrame(frame);
            for (Variant variant : variants.values()) {
                if (method.equals(variant.frame())) {
                    return variant;
                }
            }
        }
        return null;
    }

    static String categoryOf(String[] frames) {
        int owner = ownerIndex(frames);
        if (owner < 0) {
            return Category.OTHER;
        }
        for (int i = owner + 1; i < frames.length; i++) {
            if (isSocketIo(frames[i])) {
                return Category.SOCKET_IO;
            }
        }
        return ownerCategory(javaFrame(frames[owner]));
    }

    /** Index of the deepest frame that belongs to a known owner, or -1. */
    private static int ownerIndex(String[] frames) {
        for (int i = frames.length - 1; i >= 0; i--) {
            if (ownerCategory(javaFrame(frames[i])) != null) {
                return i;
            }
        }
        return -1;
    }

    private static String ownerCategory(String frame) {
        for (Map.Entry<String, String> owner : OWNERS) {
            if (frame.startsWith(owner.getKey())) {
                return owner.getValue();
            }
        }
        return null;
    }

    private static boolean isSocketIo(String frame) {
        if (frame.endsWith("_[k]")) {
            return true;
        }
        for (String prefix : SOCKET_IO) {
            if (frame.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A Java frame without the profiler's annotation suffix ({@code _[j]}, {@code _[i]}, ...). */
    private static String javaFrame(String frame) {
        int annotation = frame.lastIndexOf("_[");
        return annotation > 0 && frame.endsWith("]") ? frame.substring(0, annotation) : frame;
    }

    private static String shortName(String frame) {
        String method = javaFrame(frame);
        return method.substring(method.lastIndexOf('/') + 1);
    }

    private static String report(String scenario, Map<String, Variant> variants, Map<String, Long> requests,
            Map<String, Map<String, Long>> samples, Map<String, Map<String, Long>> hotspots, int seconds,
            int warmupSeconds, int intervalMicros, String event) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "### CPU attribution, %s (async-profiler, event %s every %d µs of CPU; %d s of interleaved %d-request batches after %d s of warm-up, one JVM)%n%n",
                scenario, event, intervalMicros, seconds, BATCH, warmupSeconds));
        out.append("Request-thread CPU per request (µs), by the code that spent it; Δ = difference to the variant's baseline.\n\n");
        out.append("| variant | requests | total | Δ total | instrumentation | client | Δ client | socket I/O | Δ socket I/O | harness | other |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Variant variant : variants.values()) {
            Variant baseline = variants.get(variant.baseline());
            double[] own = perRequest(variant, requests, samples, intervalMicros);
            double[] base = perRequest(baseline, requests, samples, intervalMicros);
            out.append("| `").append(variant.name()).append("` | ").append(requests.getOrDefault(variant.name(), 0L)).append(" | ")
                    .append(fmt(own[5])).append(" | ").append(variant.isBaseline() ? "–" : signed(own[5] - base[5])).append(" | ")
                    .append(fmt(own[0])).append(" | ")
                    .append(fmt(own[1])).append(" | ").append(variant.isBaseline() ? "–" : signed(own[1] - base[1])).append(" | ")
                    .append(fmt(own[2])).append(" | ").append(variant.isBaseline() ? "–" : signed(own[2] - base[2])).append(" | ")
                    .append(fmt(own[3])).append(" | ").append(fmt(own[4])).append(" |\n");
        }
        out.append("\nThe instrumentation's own hot spots (µs per request, by the deepest instrumentation frame):\n\n");
        for (Variant variant : variants.values()) {
            Map<String, Long> spots = hotspots.getOrDefault(variant.name(), Map.of());
            if (spots.isEmpty()) {
                continue;
            }
            long count = requests.getOrDefault(variant.name(), 1L);
            out.append("- `").append(variant.name()).append("`: ");
            List<String> top = spots.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(6)
                    .map(e -> String.format(Locale.ROOT, "`%s` %.3f", e.getKey(), (double) e.getValue() * intervalMicros / count))
                    .toList();
            out.append(String.join(", ", top)).append('\n');
        }
        return out.toString();
    }

    /** Instrumentation, client, socket I/O, harness, other, total: µs per request. */
    private static double[] perRequest(Variant variant, Map<String, Long> requests, Map<String, Map<String, Long>> samples,
            int intervalMicros) {
        Map<String, Long> counts = samples.getOrDefault(variant.name(), Map.of());
        long count = Math.max(1, requests.getOrDefault(variant.name(), 0L));
        double[] result = new double[Category.ALL.size() + 1];
        for (int i = 0; i < Category.ALL.size(); i++) {
            result[i] = (double) counts.getOrDefault(Category.ALL.get(i), 0L) * intervalMicros / count;
            result[Category.ALL.size()] += result[i];
        }
        return result;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String signed(double value) {
        return String.format(Locale.ROOT, "%+.2f", value);
    }
}
