package dev.httptrace.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A DNS server on {@code 127.0.0.1} (UDP, an ephemeral port) that answers every {@code A} query with
 * {@code 127.0.0.1} after a delay, and every other query with no answer: lookups that stay in flight for as long as a
 * test needs, for resolvers that can be pointed at a server (Netty's). Counts the {@code A} queries it got.
 */
public final class SlowDnsServer implements AutoCloseable {

    private static final int TYPE_A = 1;

    private final DatagramSocket socket;

    private final Duration delay;

    private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();

    private final AtomicInteger addressQueries = new AtomicInteger();

    private final Thread receiver;

    private SlowDnsServer(Duration delay) throws SocketException {
        this.socket = new DatagramSocket(new InetSocketAddress(LoopbackPorts.loopback(), 0));
        this.delay = delay;
        this.receiver = new Thread(this::receive, "slow-dns-" + socket.getLocalPort());
        this.receiver.setDaemon(true);
        this.receiver.start();
    }

    /** Starts a server that answers each query {@code delay} after it came. */
    public static SlowDnsServer start(Duration delay) {
        try {
            return new SlowDnsServer(delay);
        } catch (SocketException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** How many {@code A} queries came so far. */
    public int addressQueries() {
        return addressQueries.get();
    }

    private void receive() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            byte[] query = Arrays.copyOf(packet.getData(), packet.getLength());
            InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
            answers.schedule(() -> answer(query, client), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The header with the query's id, the question as asked, and for {@code A} one answer: 127.0.0.1. */
    private void answer(byte[] query, InetSocketAddress client) {
        int questionEnd = 12;
        while (query[questionEnd] != 0) {
            questionEnd += (query[questionEnd] & 0xff) + 1;
        }
        questionEnd += 5; // the name's last zero byte, its type and class
        int type = ((query[questionEnd - 4] & 0xff) << 8) | (query[questionEnd - 3] & 0xff);
        boolean address = type == TYPE_A;
        if (address) {
            addressQueries.incrementAndGet();
        }
        ByteBuffer response = ByteBuffer.allocate(questionEnd + 16);
        response.put(query, 0, 2).putShort((short) 0x8180).putShort((short) 1).putShort((short) (address ? 1 : 0))
                .putShort((short) 0).putShort((short) 0).put(query, 12, questionEnd - 12);
        if (address) {
            response.putShort((short) 0xc00c).putShort((short) TYPE_A).putShort((short) 1).putInt(60).putShort((short) 4)
                    .put(new byte[] {127, 0, 0, 1});
        }
        try {
            socket.send(new DatagramPacket(response.array(), response.position(), client));
        } catch (IOException closed) {
            // the server was closed meanwhile
        }
    }

    @Override
    public void close() {
        socket.close();
        answers.shutdownNow();
    }
}
