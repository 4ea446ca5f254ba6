package dev.httptrace.exchange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.httptrace.internal.BoundedCache;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the most recent exchanges and the slowest per {@code client.name}, in memory of a fixed size whatever the
 * traffic: every slot is allocated up front (the slowest of a host on its first exchange) and recording puts the
 * ended timeline into one as it is (no hook writes to it again; a retry writes a new one), allocating and copying
 * nothing; reading copies. Each kept timeline is of a fixed size: stamps, numbers, and the strings and addresses the
 * request already had, never its URI. The client twin of Boot's in-memory {@code HttpExchangeRepository}.
 *
 * <p>Thread-safe: each slot is written and read under its own lock; a host's slowest are checked against their
 * minimum first, so most exchanges take no lock there.
 */
public final class ExchangeRecorder implements ExchangeListener {

    /** Client names beyond {@code maxClientNames} share this bucket of slowest exchanges, as the meters' tag does. */
    public static final String OTHER = "other";

    private final Slot[] recent;

    private final AtomicLong recorded = new AtomicLong();

    private final int slowestPerClient;

    private final BoundedCache<String, Slowest> slowest;

    /** The slowest of the client names beyond {@code maxClientNames}. */
    private final Slowest other;

    /**
     * A recorder of the {@code recent} most recent exchanges and the {@code slowestPerClient} slowest of each of at
     * most {@code maxClientNames} client names (the rest together under {@value #OTHER}).
     *
     * @throws IllegalArgumentException when a number is negative
     */
    public ExchangeRecorder(int recent, int slowestPerClient, int maxClientNames) {
        if (recent < 0 || slowestPerClient < 0 || maxClientNames < 0) {
            throw new IllegalArgumentException("capacities must not be negative: recent=" + recent
                    + ", slowestPerClient=" + slowestPerClient + ", maxClientNames=" + maxClientNames);
        }
        this.recent = new Slot[recent];
        for (int i = 0; i < recent; i++) {
            this.recent[i] = new Slot();
        }
        this.slowestPerClient = slowestPerClient;
        this.other = new Slowest(slowestPerClient);
        this.slowest = new BoundedCache<>(maxClientNames, name -> new Slowest(slowestPerClient), name -> other);
    }

    /**
     * Keeps {@code exchange}, an attempt that ended, as it is: no trace writes to it again (a retry writes a new
     * timeline), so it is kept without a copy.
     */
    @Override
    public void exchangeDone(ExchangeTimeline exchange) {
        long sequence = recorded.getAndIncrement();
        long total = exchange.endNanos();
        if (recent.length > 0) {
            recent[(int) (sequence % recent.length)].write(exchange, sequence, total);
        }
        if (slowestPerClient > 0) {
            slowest.get(exchange.clientName()).offer(exchange, sequence, total);
        }
    }

    /** How many exchanges were recorded since this recorder was made. */
    public long recorded() {
        return recorded.get();
    }

    /** Copies of the most recent exchanges, newest first. */
    public List<ExchangeTimeline> recent() {
        List<ExchangeTimeline> copies = new ArrayList<>(recent.length);
        for (Slot slot : recent) {
            RecordedExchange copy = slot.read();
            if (copy != null) {
                copies.add(copy);
            }
        }
        copies.sort(Comparator.comparingLong(ExchangeTimeline::sequence).reversed());
        return List.copyOf(copies);
    }

    /** Copies of the slowest exchanges per client name, slowest first; names in alphabetical order. */
    public Map<String, List<ExchangeTimeline>> slowest() {
        Map<String, List<ExchangeTimeline>> result = new TreeMap<>();
        slowest.forEach((name, bucket) -> result.put(name, bucket.read()));
        // a host named "other" shares its entry with the hosts beyond the limit, as it shares the meters' tag
        result.merge(OTHER, other.read(), (named, beyond) -> Slowest.slowestFirst(named, beyond));
        result.values().removeIf(List::isEmpty);
        return result;
    }

    @Override
    public String toString() {
        return "ExchangeRecorder[recent=" + recent.length + ", slowestPerClient=" + slowestPerClient + "]";
    }

    /** One kept exchange and its number, written and read under the slot's lock. */
    private static final class Slot {

        private @Nullable ExchangeTimeline exchange;

        private long sequence = -1;

        /** The total of the kept exchange, read when it was put here. */
        private long totalNanos = Long.MIN_VALUE;

        synchronized void write(ExchangeTimeline ended, long sequence, long totalNanos) {
            this.exchange = ended;
            this.sequence = sequence;
            this.totalNanos = totalNanos;
        }

        /** A copy of the kept exchange, numbered, or {@code null} when there is none yet. */
        @Nullable RecordedExchange read() {
            ExchangeTimeline kept;
            long number;
            synchronized (this) {
                kept = exchange;
                number = sequence;
            }
            if (kept == null) {
                return null;
            }
            RecordedExchange copy = new RecordedExchange();
            kept.copyTo(copy);
            copy.sequence = number;
            return copy;
        }

        synchronized long totalNanos() {
            return totalNanos;
        }
    }

    /** The slowest exchanges of one client name. */
    private static final class Slowest {

        private final Slot[] slots;

        private int size;

        /** The smallest total kept once full: an exchange not slower than this takes no lock. */
        private volatile long admission = Long.MIN_VALUE;

        Slowest(int capacity) {
            slots = new Slot[capacity];
            for (int i = 0; i < capacity; i++) {
                slots[i] = new Slot();
            }
        }

        void offer(ExchangeTimeline exchange, long sequence, long total) {
            if (total <= admission) {
                return;
            }
            synchronized (this) {
                Slot target;
                if (size < slots.length) {
                    target = slots[size++];
                } else {
                    target = slots[0];
                    for (Slot slot : slots) {
                        if (slot.totalNanos() < target.totalNanos()) {
                            target = slot;
                        }
                    }
                    if (total <= target.totalNanos()) {
                        return;
                    }
                }
                target.write(exchange, sequence, total);
                if (size == slots.length) {
                    long min = Long.MAX_VALUE;
                    for (Slot slot : slots) {
                        min = Math.min(min, slot.totalNanos());
                    }
                    admission = min;
                }
            }
        }

        synchronized List<ExchangeTimeline> read() {
            List<ExchangeTimeline> copies = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                RecordedExchange copy = slots[i].read();
                if (copy != null) {
                    copies.add(copy);
                }
            }
            return slowestFirst(copies, List.of());
        }

        static List<ExchangeTimeline> slowestFirst(List<ExchangeTimeline> some, List<ExchangeTimeline> more) {
            List<ExchangeTimeline> all = new ArrayList<>(some);
            all.addAll(more);
            all.sort(Comparator.comparingLong(ExchangeTimeline::endNanos).reversed());
            return all;
        }
    }
}
