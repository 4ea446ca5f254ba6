package dev.httptrace.internal;

/**
 * The marker beside a request's trace that says the trace already includes the thread scope's, so that the
 * transport does not add the scope's trace a second time: Spring's request factory and interceptor compose the
 * scope's trace into a request's and set it; the HttpClient 5 transport reads it. Not API.
 */
public final class ScopeIncluded {

    /** The attribute (of an {@code HttpContext}, or of Spring's request attributes): {@link Boolean#TRUE} when set. */
    public static final String ATTRIBUTE = "dev.httptrace.ClientTrace.scopeIncluded";

    private ScopeIncluded() {
    }
}
