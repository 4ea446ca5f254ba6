package dev.httptrace;

import org.jspecify.annotations.Nullable;

/**
 * What {@link ClientTrace#wroteRequest} is told.
 *
 * @param err {@code null} when the request was written (or its body was skipped after the server
 *     rejected an expect-continue request), else the write failure
 */
public record WroteRequestInfo(@Nullable Throwable err) {

    /** The info of a request written without error. */
    public static final WroteRequestInfo OK = new WroteRequestInfo(null);
}
