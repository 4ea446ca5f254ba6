package dev.httptrace.reactor;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The lookups in flight per host name for one traced client whose resolver coalesces them (Netty's DNS resolver,
 * Reactor Netty's default): a lookup that starts while another of the same name is in flight shares that one's
 * answer, which Go's {@code DNSDoneInfo.Coalesced} reports. Thread-safe; counting a lookup allocates nothing once its
 * name has been seen.
 */
final class InFlightLookups {

    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    /** Counts a lookup of {@code host} in; whether another one was in flight, whose answer this one then shares. */
    boolean start(String host) {
        return inFlight.merge(host, 1, Integer::sum) > 1;
    }

    /** Counts a lookup of {@code host} out. */
    void done(String host) {
        inFlight.computeIfPresent(host, (name, count) -> count == 1 ? null : count - 1);
    }
}
