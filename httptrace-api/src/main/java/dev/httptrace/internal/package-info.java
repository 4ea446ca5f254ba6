/**
 * Not API: support for the library's own transports, public only so that they can reach it. It may change in any
 * release.
 */
@NullMarked
package dev.httptrace.internal;

import org.jspecify.annotations.NullMarked;
