package taskmaster.config;

/**
 * A key's default in one dialect: a value parsed like a configured one, or what happens without one.
 *
 * @param text  the value, as it would be written in the file; null when there is none to write
 * @param shown how the tables show it (the text itself when not given)
 * @param kind  what the default is
 */
record Default(String text, String shown, Kind kind) {

    enum Kind {
        /** {@link #text} is parsed as if the file held it. */
        VALUE,
        /** Absent means none (no file, the daemon's own, empty). */
        NONE,
        /** The builder derives it from other values; {@link #shown} says from which. */
        DERIVED,
        /** The key must be given. */
        REQUIRED
    }

    static Default of(String text) {
        return new Default(text, text, Kind.VALUE);
    }

    /** A value shown in other words, like {@code 'NONE'} shown as "discarded". */
    static Default of(String text, String shown) {
        return new Default(text, shown, Kind.VALUE);
    }

    static Default none(String shown) {
        return new Default(null, shown, Kind.NONE);
    }

    static Default derived(String shown) {
        return new Default(null, shown, Kind.DERIVED);
    }

    static Default required() {
        return new Default(null, "required", Kind.REQUIRED);
    }
}
