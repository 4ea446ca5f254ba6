package dev.httptrace;

import java.net.InetAddress;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ClientTrace#dnsDone} is told.
 *
 * @param addrs the addresses found, in the order they will be tried; empty when the lookup failed
 * @param err {@code null} on success, else the failure (usually {@link java.net.UnknownHostException})
 * @param coalesced whether the lookup was shared with another request's in flight: on Reactor Netty with Netty's DNS
 *     resolver (its default), when another lookup of the name was in flight as this one started; always
 *     {@code false} on HttpClient 5, which does not share lookups (the JDK's own address cache may answer without a
 *     query)
 */
public record DnsDoneInfo(List<InetAddress> addrs, @Nullable Throwable err, boolean coalesced) {

    public DnsDoneInfo {
        addrs = List.copyOf(addrs);
    }
}
