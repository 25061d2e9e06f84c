package dev.junctionmq.remoting;

/**
 * The client language a command announces. JSON headers carry the name, binary headers the ordinal byte (0..13), so
 * the declaration order here is part of the wire format.
 */
public enum LanguageCode {
    JAVA, CPP, DOTNET, PYTHON, DELPHI, ERLANG, RUBY, OTHER, HTTP, GO, PHP, OMS, RUST, NODE_JS;

    private static final LanguageCode[] BY_CODE = values();

    public byte code() {
        return (byte) ordinal();
    }

    /** The language for a wire byte; an unknown byte is {@link #OTHER}, never an error. */
    public static LanguageCode ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : OTHER;
    }

    /** The language for a JSON name; an unknown or missing name is {@link #OTHER}. */
    public static LanguageCode ofName(String name) {
        if (name != null) {
            for (LanguageCode language : BY_CODE) {
                if (language.name().equals(name)) {
                    return language;
                }
            }
        }
        return OTHER;
    }
}
