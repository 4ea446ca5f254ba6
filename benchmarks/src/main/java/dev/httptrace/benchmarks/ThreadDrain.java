package dev.httptrace.benchmarks;

import dev.httptrace.benchmarks.fixtures.Drain;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Each benchmark thread's body buffer. */
@State(Scope.Thread)
public class ThreadDrain {

    public final Drain drain = new Drain();
}
