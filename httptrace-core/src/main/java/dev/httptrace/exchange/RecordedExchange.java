package dev.httptrace.exchange;

/**
 * A timeline no hook writes any more: what {@link ExchangeTimeline#copy()} makes, and the attempts after the first
 * of a request the client retried (written by its trace until the attempt ends, like the first). It keeps the
 * request's scheme, host and port, not its URI (whose query and user-info stay out of what is kept).
 */
final class RecordedExchange extends ExchangeTimeline {

    long startMillis;

    long sequence = -1;

    @Override
    long startMillis() {
        return startMillis;
    }

    @Override
    public long sequence() {
        return sequence;
    }
}
