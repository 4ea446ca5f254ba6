package dev.httptrace.testsupport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A request head as read from the wire by {@link ScriptedConnection#readRequest()}.
 *
 * @param method the method, e.g. {@code GET}
 * @param target the request target exactly as sent, e.g. {@code /path?q=1}
 * @param version the protocol version, e.g. {@code HTTP/1.1}
 * @param headers the header fields in arrival order per name; an unmodifiable map with case-insensitive keys
 *     whose values are unmodifiable lists (the canonical constructor copies its argument into such a map)
 */
public record RawRequest(String method, String target, String version, Map<String, List<String>> headers) {

    /**
     * Creates a request head, copying {@code headers} into an unmodifiable, case-insensitive map; values of names
     * that differ only in case are merged.
     *
     * @param method the method
     * @param target the request target
     * @param version the protocol version
     * @param headers the header fields
     */
    public RawRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        headers = Collections.unmodifiableMap(copy);
    }

    /**
     * @param name a header field name, any case
     * @return the first value of that field, or {@code null} when absent
     */
    public @Nullable String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * @return the value of {@code Content-Length}, or -1 when absent
     * @throws NumberFormatException if the field is not a non-negative int
     */
    public int contentLength() {
        String value = header("Content-Length");
        if (value == null) {
            return -1;
        }
        int length = Integer.parseInt(value.trim());
        if (length < 0) {
            throw new NumberFormatException("negative Content-Length: " + value);
        }
        return length;
    }
}
