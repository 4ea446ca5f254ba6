package dev.httptrace.exchange;

/**
 * A copy of a timeline, which no hook reaches: what {@link ExchangeTimeline#copy()} and the recorder's slots hold.
 * It keeps the request's scheme, host and port, not its URI (whose query and user-info stay out of what is kept).
 */
final class RecordedExchange extends ExchangeTimeline {

    long startMillis;

    String scheme = "";

    String host = "";

    int port = -1;

    long sequence = -1;

    @Override
    long startMillis() {
        return startMillis;
    }

    @Override
    String scheme() {
        return scheme;
    }

    @Override
    int port() {
        return port;
    }

    @Override
    public String clientName() {
        return host;
    }

    @Override
    public long sequence() {
        return sequence;
    }
}
