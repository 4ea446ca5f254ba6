package dev.httptrace;

/**
 * What {@link ClientTrace#dnsStart} is told.
 *
 * @param host the host name being resolved (never an IP literal)
 */
public record DnsStartInfo(String host) {
}
