package dev.junctionmq.broker.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@code GET /health} reports: status {@value #UP} (HTTP 200) or {@value #DOWN} (HTTP 503), plus free-form
 * details. Serialized with Jackson as {@code {"status":"UP","details":{...}}}; detail values must be things Jackson
 * can write (strings, numbers, booleans, lists, maps, records).
 *
 * @param status  {@value #UP} or {@value #DOWN}
 * @param details extra facts (store offsets, listeners, ...); copied, insertion order kept; {@code null} means none
 */
public record HealthReport(String status, Map<String, Object> details) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public HealthReport {
        Objects.requireNonNull(status, "status");
        if (!status.equals(UP) && !status.equals(DOWN)) {
            throw new IllegalArgumentException("status must be " + UP + " or " + DOWN + ", was '" + status + "'");
        }
        details = details == null || details.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static HealthReport up(Map<String, Object> details) {
        return new HealthReport(UP, details);
    }

    public static HealthReport down(Map<String, Object> details) {
        return new HealthReport(DOWN, details);
    }

    /** Whether the status is {@value #UP}. (Not a bean getter, so not serialized.) */
    public boolean healthy() {
        return UP.equals(status);
    }
}
