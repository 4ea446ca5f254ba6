package dev.httptrace.testsupport;

/** What a {@link ScriptedServer} does with one accepted connection. */
@FunctionalInterface
public interface ConnectionScript {

    /**
     * Plays the server's side of one connection, on a thread of its own. The connection is closed when this
     * returns or throws; a thrown exception is recorded in {@link ScriptedServer#scriptErrors()}.
     *
     * @param connection the accepted connection
     * @throws Exception anything; recorded, not swallowed
     */
    void run(ScriptedConnection connection) throws Exception;
}
