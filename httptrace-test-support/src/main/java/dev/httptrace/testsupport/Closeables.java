package dev.httptrace.testsupport;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test opened (servers, clients), closed together after it, in the order they were added; the first failure
 * is thrown once all were closed. A field {@code @AutoClose final Closeables closeables = new Closeables();}
 * closes it after each test.
 */
public final class Closeables implements AutoCloseable {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** Keeps {@code closeable} to close later; returns it. */
    public synchronized <T extends AutoCloseable> T add(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    @Override
    public synchronized void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable closeable : opened) {
            try {
                closeable.close();
            } catch (Exception ex) {
                if (failure == null) {
                    failure = ex;
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        opened.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
