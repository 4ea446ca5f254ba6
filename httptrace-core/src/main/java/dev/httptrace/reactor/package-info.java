/**
 * The hooks for Reactor Netty's HTTP client, the transport of Spring's {@code WebClient}:
 * {@link dev.httptrace.reactor.TracingReactorNetty}. Needs {@code reactor-netty-http}.
 */
@NullMarked
package dev.httptrace.reactor;

import org.jspecify.annotations.NullMarked;
