package dev.junctionmq.broker.spi;

import java.time.Duration;
import java.util.Map;

/**
 * One front end's configuration section: the keys of {@code <name>.*} in {@code conf/broker.conf}, without the prefix
 * (so {@code mqtt.port} arrives as {@code port}).
 */
public record FrontEndConfig(String name, Map<String, String> settings) {

    public FrontEndConfig {
        settings = Map.copyOf(settings);
    }

    public String get(String key, String defaultValue) {
        return settings.getOrDefault(key, defaultValue);
    }

    public int getInt(String key, int defaultValue) {
        String value = settings.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "." + key + " must be a whole number, not '" + value + "'", e);
        }
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        String value = settings.get(key);
        return value == null ? defaultValue : Boolean.parseBoolean(value.trim());
    }

    public Duration getMillis(String key, Duration defaultValue) {
        String value = settings.get(key);
        return value == null ? defaultValue : Duration.ofMillis(getInt(key, 0));
    }
}
