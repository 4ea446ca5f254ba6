package dev.httptrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.httptrace.benchmarks.server.ServerProcess;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time (and request-thread allocation) per operation, as JMH secondary metrics ({@code -prof dev.httptrace.benchmarks.CpuProfiler}).
 * Throughput on loopback is set by the round trip between two processes sharing two cores, so it is a poor
 * measure of what a client costs; these are the CPU the client and the server spent, divided by the
 * operations of the iteration (all of them, as {@code gc.alloc.rate.norm} does):
 * <ul>
 * <li>{@code cpu.client} (µs/op): CPU time of the whole benchmark JVM ({@code getProcessCpuTime}: the
 *     request threads, GC, JIT, the clients' own background threads such as the JDK HttpClient's selector,
 *     and JMH's bookkeeping). The figure the "µs of client CPU per request" targets are judged on.
 *     Clock-tick resolution (10 ms) over an iteration of seconds.</li>
 * <li>{@code cpu.worker} (µs/op): CPU time of the JMH worker threads only (the code on the request path,
 *     without GC and background threads), from {@code ThreadMXBean#getThreadCpuTime}, nanosecond resolution.</li>
 * <li>{@code alloc.worker} (B/op): bytes allocated by the JMH worker threads
 *     ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}): the request path's own garbage,
 *     without what JMH, the profilers and background threads allocate (which {@code gc.alloc.rate.norm}
 *     spreads over the operations, a source of fork-to-fork noise of the order of 100 B/op at these
 *     rates). It misses the allocations of a client's own background threads (JDK HttpClient), which
 *     {@code gc.alloc.rate.norm} includes.</li>
 * <li>{@code cpu.server} (µs/op): CPU time of the server JVM ({@code /proc/<pid>/stat}), to show the server
 *     costs the same for every variant and is not what limits a client.</li>
 * </ul>
 */
public final class CpuProfiler implements InternalProfiler {

    /** The secondary results this profiler adds to each benchmark, by name (read by {@link Report}). */
    static final String CLIENT_CPU = "cpu.client";

    static final String WORKER_CPU = "cpu.worker";

    static final String WORKER_ALLOC = "alloc.worker";

    static final String SERVER_CPU = "cpu.server";

    /** What JMH's worker threads' names contain. */
    private static final String WORKER_THREAD = "jmh-worker";

    private static final double CLOCK_TICK_NANOS = 10_000_000d; // USER_HZ = 100 on Linux

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private long processStart;

    private ThreadUsage workersStart = ThreadUsage.of(new long[0]);

    private long serverPid = -1;

    private long serverStart;

    @Override
    public String getDescription() {
        return "CPU time per operation: client JVM (process), JMH worker threads, server JVM";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        ServerProcess server = ServerProcess.sharedIfStarted();
        serverPid = server == null ? -1 : server.pid();
        serverStart = serverPid < 0 ? 0 : serverTicks(serverPid);
        workersStart = ThreadUsage.named(WORKER_THREAD);
        processStart = os.getProcessCpuTime();
    }

    @Override
    @SuppressWarnings("rawtypes") // InternalProfiler's signature
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
            IterationResult result) {
        long process = os.getProcessCpuTime() - processStart;
        ThreadUsage workersEnd = ThreadUsage.named(WORKER_THREAD);
        long server = serverPid < 0 ? -1 : serverTicks(serverPid) - serverStart;
        long workers = workersEnd.cpuSince(workersStart);
        long allocated = workersEnd.bytesSince(workersStart);
        long ops = result.getMetadata() == null ? 0 : result.getMetadata().getAllOps();
        List<ScalarResult> results = new ArrayList<>();
        if (ops > 0) {
            results.add(new ScalarResult(CLIENT_CPU, process / 1000d / ops, "us/op", AggregationPolicy.AVG));
            results.add(new ScalarResult(WORKER_CPU, workers / 1000d / ops, "us/op", AggregationPolicy.AVG));
            results.add(new ScalarResult(WORKER_ALLOC, (double) allocated / ops, "B/op", AggregationPolicy.AVG));
            if (server >= 0) {
                results.add(new ScalarResult(SERVER_CPU, server * CLOCK_TICK_NANOS / 1000d / ops, "us/op",
                        AggregationPolicy.AVG));
            }
        }
        return results;
    }

    /** utime + stime of a process, in clock ticks, from {@code /proc/<pid>/stat}; 0 when unreadable. */
    static long serverTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name (which may contain spaces) start at ") "
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception ex) {
            return 0;
        }
    }
}
