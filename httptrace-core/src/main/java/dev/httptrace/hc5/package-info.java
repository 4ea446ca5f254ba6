/**
 * The traced transport: Apache HttpClient 5 (classic) with every {@link dev.httptrace.ClientTrace} hook
 * wired. Start at {@link dev.httptrace.hc5.TracingHttpClients}. HttpClient's {@code @Internal} types are
 * used only in this package, each behind one small class that names the type it relies on.
 */
@NullMarked
package dev.httptrace.hc5;

import org.jspecify.annotations.NullMarked;
