package dev.httptrace;

import java.net.InetSocketAddress;

/**
 * The connection in a {@link GotConnInfo}.
 *
 * @param id the transport's name for the connection, stable for its lifetime ({@code http-outgoing-3})
 * @param localAddress the local end of the TCP connection
 * @param remoteAddress the remote end: the server, or the proxy when the request goes through one
 */
public record ConnectionInfo(String id, InetSocketAddress localAddress, InetSocketAddress remoteAddress) {
}
