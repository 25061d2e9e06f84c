package dev.junctionmq.broker.engine.filter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A message for filter tests: a tag and a map of typed properties. Records the names it was asked for. */
final class MapSubject implements FilterSubject {

    private final String tag;
    private final Map<String, Object> properties;
    private final List<String> requested = new ArrayList<>();

    private MapSubject(String tag, Map<String, Object> properties) {
        this.tag = tag;
        this.properties = properties;
    }

    /** An untagged message with the given {@code name, value, name, value, ...} properties. */
    static MapSubject with(Object... namesAndValues) {
        return tagged(null, namesAndValues);
    }

    /** A message with a tag and the given {@code name, value, name, value, ...} properties. */
    static MapSubject tagged(String tag, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("properties come in name, value pairs");
        }
        Map<String, Object> properties = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            properties.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return new MapSubject(tag, properties);
    }

    @Override
    public String tag() {
        return tag;
    }

    @Override
    public Object property(String name) {
        requested.add(name);
        return properties.get(name);
    }

    @Override
    public String toString() {
        return "message(tag=" + tag + ", properties=" + properties + ")";
    }

    List<String> requestedNames() {
        return requested;
    }
}
