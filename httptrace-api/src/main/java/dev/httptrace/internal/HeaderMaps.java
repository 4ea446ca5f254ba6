package dev.httptrace.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The header map {@link dev.httptrace.ClientTrace#got1xxResponse} receives, from any transport's header fields:
 * names matched case-insensitively, values in their order, unmodifiable. Not API.
 */
public final class HeaderMaps {

    private HeaderMaps() {
    }

    /** The fields of {@code headers}, each read with {@code name} and {@code value}. */
    public static <H> Map<String, List<String>> of(Iterable<H> headers, Function<H, String> name,
            Function<H, String> value) {
        Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (H header : headers) {
            map.computeIfAbsent(name.apply(header), (key) -> new ArrayList<>(1)).add(value.apply(header));
        }
        map.replaceAll((key, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(map);
    }
}
