/**
 * Loopback test fixtures for httptrace's own tests: {@link dev.httptrace.testsupport.LoopbackHttpServer}
 * (the JDK's HTTP/HTTPS server), {@link dev.httptrace.testsupport.ScriptedServer} (raw sockets driven by a
 * {@link dev.httptrace.testsupport.ConnectionScript}), {@link dev.httptrace.testsupport.TestCertificates}
 * (an in-memory CA and server certificate) and {@link dev.httptrace.testsupport.LoopbackPorts}.
 * Every socket here binds to {@code 127.0.0.1} only.
 */
@NullMarked
package dev.httptrace.testsupport;

import org.jspecify.annotations.NullMarked;
