package dev.httptrace.exchange;

/** A copy of a timeline, which no hook reaches: what {@link ExchangeTimeline#copy()} and the recorder's slots hold. */
final class RecordedExchange extends ExchangeTimeline {
}
