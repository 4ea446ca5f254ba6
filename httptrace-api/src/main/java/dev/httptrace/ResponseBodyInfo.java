package dev.httptrace;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ClientTrace#responseBodyDone} is told.
 *
 * @param err {@code null} when the body ended normally (read to its end, closed early and drained, or
 *     absent), else the failure that ended it (a read timeout, a reset, a premature end of the body)
 */
public record ResponseBodyInfo(@Nullable Throwable err) {

    /** The info of a body that ended without error. */
    public static final ResponseBodyInfo OK = new ResponseBodyInfo(null);
}
