package taskmaster.config;

import java.util.List;

/**
 * One key's declaration, in the style of Jolokia's {@code ConfigKey}: its names, type and parser,
 * default in each dialect, what it allows and what it is for. {@link ProgramKey} and
 * {@link DaemonKey} hold one per key; the builders, the tables and {@code --help-config} read them.
 *
 * @param names           every spelling, in the order suggestions try them
 * @param specName        the spec's spelling ({@code [name]}, {@code [taskmasterd]})
 * @param supervisordName supervisord's ({@code [program:x]}, {@code [supervisord]})
 * @param type            a word or two for the tables, like "integer" or "path"
 * @param parser          parses an expanded value; null when the builder parses it with what only it knows
 *                        (the file's folder, the process's name, the user database)
 * @param spec            the default in the spec's dialect
 * @param supervisord     the default in supervisord's
 * @param allowedGiven    what the value may be; null: the parser's own "(allowed: ...)" text
 * @param description     what the key is for, as the tables show it
 * @param specValue       {@code spec} parsed once (null when it has no value to parse)
 * @param supervisordValue {@code supervisord} parsed once
 */
record Key(
        List<String> names,
        String specName,
        String supervisordName,
        String type,
        ValueReader.Parser<?> parser,
        Default spec,
        Default supervisord,
        String allowedGiven,
        String description,
        Object specValue,
        Object supervisordValue) {

    /** A value no parser accepts: its error message says what is allowed. */
    private static final String PROBE = "\u0001";

    private static final String ALLOWED = "(allowed: ";

    /** The spellings: one for both dialects, or the spec's then supervisord's. */
    static Builder named(String... names) {
        return new Builder(List.of(names), names[0], names[names.length - 1]);
    }

    /** supervisord's spelling first (it is tried first for suggestions), the spec's second. */
    static Builder supervisordFirst(String supervisord, String spec) {
        return new Builder(List.of(supervisord, spec), spec, supervisord);
    }

    Default defaultFor(Dialect dialect) {
        return dialect == Dialect.SPEC ? spec : supervisord;
    }

    /** The default in {@code dialect}, parsed by the declared parser; null when it has none to parse. */
    @SuppressWarnings("unchecked")
    <T> T defaultValue(Dialect dialect) {
        return (T) (dialect == Dialect.SPEC ? specValue : supervisordValue);
    }

    /** A declared default, parsed as a configured value would be: a wrong one fails the class's loading. */
    private static Object parsed(String name, ValueReader.Parser<?> parser, Default d) {
        if (d.text() == null || parser == null) {
            return null;
        }
        try {
            return parser.parse(d.text());
        } catch (InvalidValueException e) {
            throw new IllegalStateException("the declared default of " + name + " is invalid: " + e.getMessage(), e);
        }
    }

    /** The parser, typed as its caller expects (the declaration pairs each key with its type). */
    @SuppressWarnings("unchecked")
    <T> ValueReader.Parser<T> typedParser() {
        return (ValueReader.Parser<T>) parser;
    }

    /** What the value may be: given, else what the parser says of a value it refuses. */
    String allowed() {
        if (allowedGiven != null || parser == null) {
            return allowedGiven == null ? "" : allowedGiven;
        }
        try {
            parser.parse(PROBE);
        } catch (InvalidValueException e) {
            String m = e.getMessage();
            int at = m.indexOf(ALLOWED);
            if (at >= 0 && m.endsWith(")")) {
                return m.substring(at + ALLOWED.length(), m.length() - 1);
            }
        }
        return "";
    }

    /** The names other than {@code canonical}. */
    List<String> aliases(String canonical) {
        return names.stream().filter(n -> !n.equals(canonical)).toList();
    }

    static final class Builder {
        private final List<String> names;
        private final String specName;
        private final String supervisordName;
        private String type = "text";
        private ValueReader.Parser<?> parser = v -> v;
        private Default spec = Default.none("none");
        private Default supervisord = Default.none("none");
        private String allowed;

        private Builder(List<String> names, String specName, String supervisordName) {
            this.names = names;
            this.specName = specName;
            this.supervisordName = supervisordName;
        }

        /** A type its parser reads alone. */
        Builder type(String name, ValueReader.Parser<?> p) {
            this.type = name;
            this.parser = p;
            return this;
        }

        /** A type the builder parses, with what is allowed. */
        Builder parsedByBuilder(String name, String allowedText) {
            this.type = name;
            this.parser = null;
            this.allowed = allowedText;
            return this;
        }

        Builder integer(int min, int max) {
            return type("integer", v -> Values.integer(v, min, max));
        }

        Builder allowed(String text) {
            this.allowed = text;
            return this;
        }

        /** The same default in both dialects. */
        Builder dflt(Default both) {
            return dflt(both, both);
        }

        Builder dflt(Default inSpec, Default inSupervisord) {
            this.spec = inSpec;
            this.supervisord = inSupervisord;
            return this;
        }

        Key describe(String description) {
            return new Key(
                    names,
                    specName,
                    supervisordName,
                    type,
                    parser,
                    spec,
                    supervisord,
                    allowed,
                    description,
                    parsed(names.getFirst(), parser, spec),
                    parsed(names.getFirst(), parser, supervisord));
        }
    }
}
