package dev.httptrace.reactor;

import java.io.IOException;

/**
 * The error {@link dev.httptrace.ClientTrace#exchangeFailed} receives when Reactor Netty took an interim
 * ({@code 1xx}) response, such as {@code 103 Early Hints}, as the final one: the application got that interim
 * response, and the real one was left unread on the connection. Never thrown; the request goes on as Reactor Netty
 * decided.
 */
public final class InterimResponseAsFinalException extends IOException {

    private static final long serialVersionUID = 1L;

    InterimResponseAsFinalException(int code) {
        super("Reactor Netty took the interim response " + code + " as the final one; the final response was left"
                + " unread on the connection");
    }
}
