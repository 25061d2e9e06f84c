package dev.junctionmq.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Parses {@code --name value}, {@code --name=value} and {@code --flag} arguments against the options a subcommand
 * declares; anything else is a {@link UsageException}.
 */
public final class Options {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    private Options() {
    }

    /**
     * @param valued  option names (without dashes) that take a value
     * @param booleans option names that take none
     */
    public static Options parse(List<String> args, Set<String> valued, Set<String> booleans) {
        Options options = new Options();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (booleans.contains(name) && value == null) {
                options.flags.add(name);
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.values.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name);
            }
        }
        return options;
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public String string(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public double number(String name, double defaultValue) {
        return convert(name, defaultValue, Double::parseDouble);
    }

    public int integer(String name, int defaultValue) {
        return convert(name, defaultValue, Integer::parseInt);
    }

    /** A comma-separated list, converted element by element. */
    public <T> List<T> list(String name, List<T> defaultValue, Function<String, T> converter) {
        String raw = values.get(name);
        if (raw == null) {
            return defaultValue;
        }
        List<T> result = new ArrayList<>();
        for (String part : raw.split(",")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty()) {
                result.add(convertValue(name, trimmed, converter));
            }
        }
        if (result.isEmpty()) {
            throw new UsageException("option --" + name + " needs at least one value");
        }
        return result;
    }

    private <T> T convert(String name, T defaultValue, Function<String, T> converter) {
        String raw = values.get(name);
        return raw == null ? defaultValue : convertValue(name, raw, converter);
    }

    private static <T> T convertValue(String name, String raw, Function<String, T> converter) {
        try {
            return converter.apply(raw);
        } catch (RuntimeException e) {
            throw new UsageException("bad value '" + raw + "' for --" + name);
        }
    }
}
