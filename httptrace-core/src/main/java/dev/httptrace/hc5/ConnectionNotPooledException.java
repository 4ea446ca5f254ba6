package dev.httptrace.hc5;

import java.io.IOException;

/**
 * The error {@link dev.httptrace.ClientTrace#putIdleConn} receives when the transport offered a reusable
 * connection back to the pool and the pool did not keep it: the client was closed meanwhile, or the pool
 * closed the connection on its way in. Never thrown; the request itself has succeeded.
 */
public final class ConnectionNotPooledException extends IOException {

    private static final long serialVersionUID = 1L;

    public ConnectionNotPooledException(String message) {
        super(message);
    }
}
