package dev.httptrace.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * CPU time and allocated bytes of some live threads at one instant, per thread ({@code ThreadMXBean}, nanosecond
 * CPU resolution). {@link #since} sums what the threads used between two snapshots: a thread started in between
 * counts from zero, one that ended in between is lost (so are the JVM's non-Java threads: GC, JIT compilers).
 */
final class ThreadUsage {

    /** The threads a {@link PairedCpu} batch is charged with. */
    enum Scope {

        /** The thread that runs the requests: all the work of a blocking client. */
        REQUEST_THREAD("request-thread") {
            @Override
            ThreadUsage now() {
                return of(new long[] {Thread.currentThread().getId()});
            }
        },

        /** Every live Java thread: a client whose event loops do part of each request's work (Reactor Netty). */
        ALL_THREADS("all-threads") {
            @Override
            ThreadUsage now() {
                return of(THREADS.getAllThreadIds());
            }
        };

        private final String label;

        Scope(String label) {
            this.label = label;
        }

        /** How tables name the scope: {@code request-thread}, {@code all-threads}. */
        String label() {
            return label;
        }

        /** A snapshot of the scope's threads. */
        abstract ThreadUsage now();
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final long[] ids;

    private final long[] cpu;

    private final long[] bytes;

    private ThreadUsage(long[] ids) {
        this.ids = ids.clone();
        Arrays.sort(this.ids);
        this.cpu = THREADS.getThreadCpuTime(this.ids);
        this.bytes = THREADS.getThreadAllocatedBytes(this.ids);
    }

    /** A snapshot of the threads {@code ids} (a thread that has ended is left out of every sum). */
    static ThreadUsage of(long[] ids) {
        return new ThreadUsage(ids);
    }

    /** A snapshot of the live threads whose name contains {@code part}. */
    static ThreadUsage named(String part) {
        Predicate<ThreadInfo> matches = (info) -> info != null && info.getThreadName().contains(part);
        return of(Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds(), 0)).filter(matches)
                .mapToLong(ThreadInfo::getThreadId).toArray());
    }

    /** CPU nanoseconds the threads of this snapshot used since {@code start}. */
    long cpuSince(ThreadUsage start) {
        return since(start, cpu, start.cpu);
    }

    /** Bytes the threads of this snapshot allocated since {@code start}. */
    long bytesSince(ThreadUsage start) {
        return since(start, bytes, start.bytes);
    }

    private long since(ThreadUsage start, long[] now, long[] then) {
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (now[i] < 0) {
                continue; // ended, or not measurable
            }
            int j = Arrays.binarySearch(start.ids, ids[i]);
            long before = j < 0 ? 0 : then[j];
            if (before >= 0) {
                sum += now[i] - before;
            }
        }
        return sum;
    }
}
