package dev.httptrace;

import java.time.Duration;

/**
 * What {@link ClientTrace#gotConn} is told.
 *
 * @param conn the connection that will carry the request
 * @param reused whether it carried an earlier request
 * @param wasIdle whether it came from the pool of idle connections; with HttpClient 5's HTTP/1.1 pool this
 *     is always equal to {@code reused}
 * @param idleTime how long it sat idle in the pool when {@code wasIdle}, else zero
 */
public record GotConnInfo(ConnectionInfo conn, boolean reused, boolean wasIdle, Duration idleTime) {
}
