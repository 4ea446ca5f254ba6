package dev.httptrace;

import java.io.IOException;

/**
 * The error {@link ClientTrace#putIdleConn} receives when the transport offered a reusable connection back to the
 * pool and the pool did not keep it: the client was closed meanwhile, or the pool closed the connection on its way
 * in (HttpClient 5's, to make room for another route's waiting request; Reactor Netty's, evicting a connection past
 * its maximum life or idle time). Never thrown; the request itself has succeeded.
 */
public final class ConnectionNotPooledException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectionNotPooledException(String message) {
        super(message);
    }
}
