package dev.httptrace.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A listening port on 127.0.0.1 where a TCP connect never completes: the socket never accepts and its accept
 * queue is filled, so Linux drops further SYNs and a client's connect runs into its connect timeout. The
 * loopback way to produce a connect timeout.
 */
public final class UnansweredListener implements AutoCloseable {

    private final ServerSocket listener;

    private final List<Socket> fillers = new ArrayList<>();

    private UnansweredListener() throws IOException {
        this.listener = new ServerSocket(0, 1, LoopbackPorts.loopback());
        for (int i = 0; i < 8; i++) {
            Socket socket = new Socket();
            fillers.add(socket);
            try {
                socket.connect(new InetSocketAddress(LoopbackPorts.loopback(), listener.getLocalPort()), 200);
            } catch (SocketTimeoutException full) {
                return;
            }
        }
        close();
        throw new IllegalStateException("the accept queue of port " + listener.getLocalPort() + " never filled up");
    }

    /** Opens the listener and fills its accept queue. */
    public static UnansweredListener start() {
        try {
            return new UnansweredListener();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket socket : fillers) {
            socket.close();
        }
        listener.close();
    }
}
