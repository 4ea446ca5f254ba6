package dev.httptrace.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Values made once per key and kept, for at most {@code max} keys; for a further key {@code whenFull} answers
 * instead, every time (a shared {@code other} value, or one made and not kept). A hit is one map read with no
 * allocation; values are made under the cache's lock, once each. Not API: shared by httptrace's modules, may change.
 */
public final class BoundedCache<K, V> {

    private final ConcurrentMap<K, V> entries = new ConcurrentHashMap<>();

    private final int max;

    private final Function<? super K, ? extends V> create;

    private final Function<? super K, ? extends V> whenFull;

    public BoundedCache(int max, Function<? super K, ? extends V> create, Function<? super K, ? extends V> whenFull) {
        this.max = max;
        this.create = create;
        this.whenFull = whenFull;
    }

    public V get(K key) {
        V value = entries.get(key);
        if (value != null) {
            return value;
        }
        if (entries.size() >= max) {
            return whenFull.apply(key);
        }
        synchronized (entries) {
            value = entries.get(key);
            if (value == null) {
                if (entries.size() >= max) {
                    return whenFull.apply(key);
                }
                value = create.apply(key);
                entries.put(key, value);
            }
            return value;
        }
    }

    /** Each kept key and its value, in no particular order (not those {@code whenFull} answered for). */
    public void forEach(BiConsumer<? super K, ? super V> action) {
        entries.forEach(action);
    }
}
