package dev.httptrace.reactor;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;

import dev.httptrace.ClientTrace;
import dev.httptrace.ConnectionNotPooledException;
import dev.httptrace.HookErrorHandler;
import dev.httptrace.internal.HostPorts;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.dns.DnsAddressResolverGroup;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.ConnectionObserver;
import reactor.netty.NettyPipeline;
import reactor.netty.ReactorNetty;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.client.HttpClient;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The {@link ClientTrace} hooks for Reactor Netty's {@link HttpClient} (what Spring's {@code WebClient} runs on):
 * {@link #trace(HttpClient)} returns the client with the hooks wired; a request is traced when its
 * Reactor context holds a trace ({@link #withTrace}). Every hook runs on an event loop, never blocks, and a trace
 * that throws is reported to the {@link HookErrorHandler}, never to the request.
 *
 * <p>Where each hook comes from (Reactor Netty 1.3):
 * <ul>
 * <li>{@code getConn}: the request's subscription to a connection ({@code mapConnect}). Each redirect Reactor Netty
 * follows, and its retry of a request whose pooled connection closed before it was sent, is a new attempt with its own
 * {@code getConn}, as in Go: a redirect's once the previous response's connection went back to the pool (after its
 * {@code putIdleConn}) or when the new attempt's connection comes, whichever is first; a retry's with its connection
 * (Reactor Netty starts it inside, out of sight). A request subscribed again with the same context ({@code repeat},
 * {@code retry}) is a new attempt too; an attempt still open then ends first;</li>
 * <li>{@code dnsStart} / {@code dnsDone}: {@code doOnResolve} / {@code doAfterResolve} / {@code doOnResolveError};
 * {@code dnsDone} names the first address only (Reactor Netty reports no more); it is {@code coalesced} when the
 * client's resolver, when traced, is Netty's DNS resolver (Reactor Netty's default), which shares one lookup among
 * those of the same name in flight, and another was in flight when it started; it comes before the first
 * {@code connectStart} even when the resolver's event loop reports it after the connect began;</li>
 * <li>{@code connectStart} / {@code connectDone}: a handler at the head of each new channel's pipeline, per address
 * tried (each gets a channel of its own);</li>
 * <li>{@code gotConn}: the connection configured for the request ({@code CONFIGURED}); reused when the pool had it,
 * with the time since it was released;</li>
 * <li>{@code wroteHeaders} / {@code wroteRequest}: the writes of the request head and of its last content completing,
 * seen after the HTTP codec; {@code gotFirstResponseByte}: the first bytes read, before the codec;</li>
 * <li>{@code gotFinalResponse}: {@code doOnResponse}; {@code responseBodyDone}: {@code doAfterResponseSuccess} or
 * {@code doOnResponseError}; {@code putIdleConn}: the connection released to the pool ({@code RELEASED}), with a
 * {@link ConnectionNotPooledException} when the pool closed it instead (evicted past its maximum life or idle
 * time); a connection that is not persistent ({@code Connection: close}) is never offered back, and gets none, as
 * in Go;</li>
 * <li>{@code getConnFailed} / {@code exchangeFailed}: {@code doOnRequestError}, before or after {@code gotConn};</li>
 * <li>{@code tlsHandshakeStart} / {@code tlsHandshakeDone}: the channel becoming active (when the TLS handler starts
 * the handshake) and the handler's handshake future;</li>
 * <li>{@code got1xxResponse}: the head of each interim response, seen after the HTTP codec. Reactor Netty skips a
 * {@code 100 Continue} and reads on; it takes any other {@code 1xx} (a {@code 103 Early Hints}) as the response,
 * which the application then gets, while the real response stays unread on the connection. Such an attempt ends
 * with {@code exchangeFailed(}{@link InterimResponseAsFinalException}{@code )}, not with {@code gotFinalResponse}.</li>
 * </ul>
 * Not fired: {@code wait100Continue} and {@code got100Continue}, as Reactor Netty sends a request's body without
 * waiting for {@code 100 Continue} (a {@code 100} that comes is a {@code got1xxResponse}).
 */
public final class TracingReactorNetty {

    /** The Reactor context key of a request's trace. */
    private static final Object TRACE_KEY = RequestTrace.class;

    /** The request a channel carries now (from {@code gotConn} to its release), for the channel's own handlers. */
    private static final AttributeKey<RequestTrace> CURRENT = AttributeKey.valueOf("httptrace.request");

    /** When the channel went back to the pool, {@code System.nanoTime()}: a pooled channel's idle time. */
    private static final AttributeKey<Long> RELEASED_AT = AttributeKey.valueOf("httptrace.releasedAt");

    private static final int SWITCHING_PROTOCOLS = 101;

    private TracingReactorNetty() {
    }

    /**
     * {@code context} with {@code trace} as the trace of the request to {@code uri} that runs with it
     * ({@code Mono.contextWrite(c -> TracingReactorNetty.withTrace(c, trace, uri))}); hook failures are logged.
     */
    public static Context withTrace(Context context, ClientTrace trace, URI uri) {
        return withTrace(context, trace, uri, HookErrorHandler.logging());
    }

    /** As {@link #withTrace(Context, ClientTrace, URI)}, hook failures going to {@code errors}. */
    public static Context withTrace(Context context, ClientTrace trace, URI uri, HookErrorHandler errors) {
        return context.put(TRACE_KEY, new RequestTrace(trace, uri, errors));
    }

    /** {@code client} with every hook wired; requests without a trace in their context pass untouched. */
    public static HttpClient trace(HttpClient client) {
        AddressResolverGroup<?> resolver = client.configuration().resolver();
        InFlightLookups lookups = resolver == null || resolver instanceof DnsAddressResolverGroup ? new InFlightLookups()
                : null;
        return client
                .mapConnect((connect) -> Mono.deferContextual((context) -> {
                    RequestTrace request = of(context);
                    if (request != null) {
                        request.forConnection(); // getConn; a resubscribed request's is its next attempt's
                    }
                    return connect;
                }))
                .doOnResolve((connection) -> {
                    RequestTrace attempt = of(connection.channel());
                    RequestTrace request = attempt == null ? null : attempt.forConnection();
                    if (request != null) {
                        request.dnsStart(lookups);
                    }
                })
                .doAfterResolve((connection, address) -> {
                    RequestTrace request = of(connection.channel());
                    if (request != null) {
                        request.dnsDone(address instanceof InetSocketAddress socket ? socket : null, null);
                    }
                })
                .doOnResolveError((connection, error) -> {
                    RequestTrace request = of(connection.channel());
                    if (request != null) {
                        request.dnsDone(null, error);
                    }
                })
                .doOnChannelInit((observer, channel, remote) -> {
                    RequestTrace context = of(observer.currentContext());
                    RequestTrace request = context == null ? null : context.forConnection();
                    SslHandler tls = channel.pipeline().get(SslHandler.class);
                    channel.pipeline().addFirst("httptrace.connect", new ConnectHandler(request, tls));
                    if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                        channel.pipeline().addBefore(NettyPipeline.HttpCodec, "httptrace.bytes", new FirstByteHandler());
                        channel.pipeline().addAfter(NettyPipeline.HttpCodec, "httptrace.messages", new HttpMessagesHandler());
                    }
                })
                .observe(TracingReactorNetty::stateChanged)
                .doOnResponse((response, connection) -> {
                    RequestTrace request = of(connection.channel());
                    if (request != null) {
                        request.gotFinalResponse(response.status().code());
                    }
                })
                .doOnRedirect((response, connection) -> {
                    RequestTrace request = of(connection.channel());
                    if (request != null) {
                        request.redirected(response.status().code(),
                                response.responseHeaders().get(HttpHeaderNames.LOCATION));
                    }
                })
                .doAfterResponseSuccess((response, connection) -> {
                    RequestTrace request = of(connection.channel());
                    if (request != null) {
                        request.responseBodyDone(null);
                    }
                })
                .doOnResponseError((response, error) -> {
                    RequestTrace request = of(response, response.currentContextView());
                    if (request != null) {
                        request.responseBodyDone(error);
                    }
                })
                .doOnRequestError((httpRequest, error) -> {
                    RequestTrace request = of(httpRequest, httpRequest.currentContextView());
                    if (request != null) {
                        request.failed(error);
                    }
                });
    }

    private static void stateChanged(Connection connection, ConnectionObserver.State state) {
        Channel channel = connection.channel();
        if (state == ConnectionObserver.State.CONFIGURED) {
            RequestTrace context = connection instanceof ChannelOperations<?, ?> operations ? of(operations.currentContext())
                    : of(channel);
            RequestTrace request = context == null ? null : context.forConnection();
            Long releasedAt = channel.attr(RELEASED_AT).getAndSet(null);
            channel.attr(CURRENT).set(request);
            if (request != null && channel.localAddress() instanceof InetSocketAddress local
                    && channel.remoteAddress() instanceof InetSocketAddress remote) {
                request.gotConn(channel.id().asShortText(), local, remote,
                        releasedAt == null ? -1 : System.nanoTime() - releasedAt);
            }
        } else if (state == ConnectionObserver.State.RELEASED) {
            RequestTrace request = channel.attr(CURRENT).getAndSet(null);
            channel.attr(RELEASED_AT).set(System.nanoTime());
            if (request != null) {
                // Reactor Netty reports the release once the pool took the channel back: closed by then, the pool
                // evicted it (past its maximum life or idle time) instead of keeping it
                request.putIdleConn(channel.isActive() ? null : new ConnectionNotPooledException(
                        "the connection pool closed the connection instead of keeping it (evicted on release)"));
            }
        }
    }

    /** The attempt the request whose context this is is in now. */
    private static @Nullable RequestTrace of(@Nullable ContextView context) {
        return context != null && context.getOrDefault(TRACE_KEY, null) instanceof RequestTrace request
                ? request.latest() : null;
    }

    /** The attempt {@code channel} carries, or else that of the request that is opening it. */
    private static @Nullable RequestTrace of(Channel channel) {
        RequestTrace current = channel.attr(CURRENT).get();
        return current != null ? current : of(ReactorNetty.getChannelContext(channel));
    }

    /** The attempt of a request or response: its connection's, else the request's latest. */
    private static @Nullable RequestTrace of(Object exchange, ContextView context) {
        RequestTrace current = exchange instanceof Connection connection ? connection.channel().attr(CURRENT).get() : null;
        return current != null ? current : of(context);
    }

    /**
     * Times each new channel's TCP connect and TLS handshake; installed first in its pipeline, so that it sees the
     * channel become active (when the TLS handler starts the handshake) before that handler does.
     */
    private static final class ConnectHandler extends ChannelDuplexHandler {

        private final @Nullable RequestTrace request;

        private final @Nullable SslHandler tls;

        ConnectHandler(@Nullable RequestTrace request, @Nullable SslHandler tls) {
            this.request = request;
            this.tls = tls;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) throws Exception {
            RequestTrace traced = request;
            SslHandler handler = tls;
            if (traced != null && handler != null) {
                traced.tlsHandshakeStart();
                handler.handshakeFuture().addListener((future) -> traced.tlsHandshakeDone(handler.engine(), future.cause()));
            }
            super.channelActive(context);
        }

        @Override
        public void connect(ChannelHandlerContext context, SocketAddress remote, @Nullable SocketAddress local,
                ChannelPromise promise) throws Exception {
            RequestTrace traced = request;
            if (traced == null || !(remote instanceof InetSocketAddress address)) {
                super.connect(context, remote, local, promise);
                return;
            }
            String addr = HostPorts.of(address);
            traced.connectStart(address, addr);
            promise.addListener((future) -> traced.connectDone(addr, future.cause()));
            super.connect(context, remote, local, promise);
        }
    }

    /** The first bytes of a response, before the HTTP codec decodes them. */
    private static final class FirstByteHandler extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
            if (message instanceof ByteBuf) {
                RequestTrace request = context.channel().attr(CURRENT).get();
                if (request != null) {
                    request.firstByte();
                }
            }
            super.channelRead(context, message);
        }
    }

    /**
     * After the HTTP codec: the request's head and last content written, and the response heads and the
     * connection's failure, before Reactor Netty handles them.
     */
    private static final class HttpMessagesHandler extends ChannelDuplexHandler {

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) throws Exception {
            if (message instanceof HttpResponse response) {
                RequestTrace request = context.channel().attr(CURRENT).get();
                int code = response.status().code();
                if (request != null && response.status().codeClass() == HttpStatusClass.INFORMATIONAL
                        && code != SWITCHING_PROTOCOLS) {
                    request.interimResponse(code, response.headers());
                } else if (request != null) {
                    request.responseHead(code, response.status().codeClass() == HttpStatusClass.REDIRECTION
                            ? response.headers().get(HttpHeaderNames.LOCATION) : null);
                }
            }
            super.channelRead(context, message);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) throws Exception {
            RequestTrace request = context.channel().attr(CURRENT).get();
            if (request != null) {
                request.channelFailed(cause);
            }
            super.exceptionCaught(context, cause);
        }

        @Override
        public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) throws Exception {
            RequestTrace request = context.channel().attr(CURRENT).get();
            boolean head = message instanceof HttpRequest;
            boolean last = message instanceof LastHttpContent;
            if (request == null || !(head || last)) {
                super.write(context, message, promise);
                return;
            }
            // a promise of our own, relayed: a streamed body's promise may refuse listeners
            ChannelPromise written = context.newPromise();
            written.addListener((future) -> {
                if (future.isSuccess()) {
                    if (head) {
                        request.wroteHeaders();
                    }
                    if (last) {
                        request.wroteRequest(null);
                    }
                    promise.trySuccess();
                } else {
                    if (last || head) {
                        request.wroteRequest(future.cause());
                    }
                    promise.tryFailure(future.cause());
                }
            });
            super.write(context, message, written);
        }
    }
}
