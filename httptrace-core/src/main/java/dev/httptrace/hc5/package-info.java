/**
 * The traced transport: Apache HttpClient 5 (classic) with every {@link dev.httptrace.ClientTrace} hook
 * wired. Start at {@link dev.httptrace.hc5.TracingHttpClients}.
 *
 * <h2>The way of one traced request</h2>
 * Per attempt (a retry or a redirect hop is a new one), on the thread that executes the request unless said:
 * <ol>
 * <li>{@code AcquireConnectionHandler}, an exec-chain handler before {@code CONNECT}, finds the request's
 * trace (its context's, then the thread scope's), binds a {@code TraceAttempt} to the thread, fires
 * {@code getConn} and leases the endpoint itself. {@code TracingConnectionManager} wraps the traced lease;
 * the pool's {@code TracingManagedConnection} tells the attempt it was leased ({@code activate}) or created,
 * and becomes the attempt's. A pooled connection's {@code gotConn} fires here; a failure before a
 * connection is {@code getConnFailed}.</li>
 * <li>For a new connection HttpClient's {@code ConnectExec} connects: {@code TracingDnsResolver}
 * ({@code dnsStart}/{@code dnsDone}), {@code TracingSocketFactory}'s sockets ({@code connectStart}/
 * {@code connectDone} per address), {@code TracingTlsSocketStrategy} ({@code tlsHandshakeStart}/
 * {@code tlsHandshakeDone}). They find the attempt through the thread.</li>
 * <li>{@code TracingRequestExecutor} fires a new connection's {@code gotConn}, then brackets the exchange,
 * which HttpCore's executor runs over the {@code TracingManagedConnection}: that one wrapper fires
 * {@code wroteHeaders}, {@code wait100Continue}, {@code wroteRequest}, {@code got100Continue},
 * {@code got1xxResponse} and {@code gotFinalResponse}; {@code FirstByteResponseParserFactory}'s parser
 * fires {@code gotFirstResponseByte} from the decrypted stream. A failure is {@code exchangeFailed}.</li>
 * <li>On the thread that reads or closes the body: {@code TracedResponseBody} (the final response's entity
 * and stream in one object) fires {@code responseBodyDone}; then HttpClient releases the endpoint and
 * {@code TracingConnectionManager.release} fires {@code putIdleConn}, decided on that thread inside the
 * pool's own release by whether the pool passivated or closed this lease's connection there.</li>
 * </ol>
 * Every hook goes through {@code TraceAttempt}, the one dispatch layer (its guarded {@code fire...} methods are
 * {@code dev.httptrace.internal.GuardedTrace}'s, shared with the Reactor Netty transport): it calls each trace of a
 * composite ({@code a.andThen(b)} is a flat list) on its own, so a trace that throws is reported once to the
 * {@code HookErrorHandler} and the traces after it still run. An untraced request passes every class with a null
 * check and allocates nothing in this package.
 *
 * <h2>HttpClient's {@code @Internal} API</h2>
 * Used only here, each by the class named (pinned by {@code InternalApiUseTest}, which reads the annotation from
 * the class files):
 * <ul>
 * <li>{@code ManagedHttpClientConnection}: {@code TracingManagedConnection}, which wraps it, and
 * {@code TracingConnectionFactory}, which creates it (the type the pool builder's connection factory takes);</li>
 * <li>{@code ExecRuntime}: {@code AcquireConnectionHandler}, to lease the endpoint before {@code ConnectExec};</li>
 * <li>{@code ConnectionEndpoint.RequestExecutor}: {@code TracingConnectionManager}, whose traced endpoint forwards
 * {@code execute};</li>
 * <li>{@code PoolingHttpClientConnectionManagerBuilder}'s protected constructor and
 * {@code createConnectionOperator}, {@code HttpClientConnectionOperator} and
 * {@code DefaultHttpClientConnectionOperator}: {@code TracingConnectionManagerBuilder}, to install the socket
 * factory, DNS resolver and TLS strategy wrappers;</li>
 * <li>{@code DetachedSocketFactory}: {@code TracingSocketFactory}.</li>
 * </ul>
 */
@NullMarked
package dev.httptrace.hc5;

import org.jspecify.annotations.NullMarked;
