package taskmaster.config;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Expands and parses values with one set of {@code %(name)s} names, reporting each failure at the
 * value's own file and line. Remembers whether anything failed, so that no half-valid spec is built.
 */
final class ValueReader {

    @FunctionalInterface
    interface Parser<T> {
        T parse(String value) throws InvalidValueException;

        /**
         * A warning about a value {@link #parse} accepted but had to adapt (a number beyond what
         * the daemon holds, taken as its largest); null when there is none.
         */
        default String note(String value) {
            return null;
        }
    }

    private final Problems problems;
    /** This reader's own names (here, process_num, a program's env), over the shared ones. */
    private final Map<String, String> own = new HashMap<>();

    private final Map<String, String> names;
    private boolean failed;

    /**
     * @param shared the names every reader of a load sees (ENV_X of the daemon's environment, ...),
     *               read in place and never changed here: a copy per program or process would cost
     *               the size of the environment each time, a thousand times in a file of a thousand
     */
    ValueReader(Problems problems, Map<String, String> shared) {
        this.problems = problems;
        this.names = new Layered(own, shared);
    }

    /** Sets one name for this reader only ({@code process_num}, {@code program_name}, ...). */
    void name(String name, String value) {
        own.put(name, value);
    }

    /** Adds {@code ENV_X} names (a program's own env, for its later options). */
    void addEnv(Map<String, String> env) {
        env.forEach((k, v) -> own.put("ENV_" + k, v));
    }

    /** The parsed value, or {@code dflt} when it is absent or wrong (wrong is reported). */
    <T> T read(RawValue raw, Parser<T> parser, T dflt) {
        if (raw == null) {
            return dflt;
        }
        try {
            String expanded = expand(raw);
            T parsed = parser.parse(expanded);
            String note = parser.note(expanded);
            if (note != null) {
                problems.warn(raw, note);
            }
            return parsed;
        } catch (InvalidValueException e) {
            fail(raw, e);
            return dflt;
        }
    }

    String expand(RawValue raw) throws InvalidValueException {
        if (raw.value() == null) {
            throw new InvalidValueException("has no value (allowed: " + raw.key() + " = value)");
        }
        return charged(Expander.expand(raw.value(), namesHere(raw)));
    }

    /** The names, with {@code here} set for this value (set in place: copying them costs their number per value). */
    private Map<String, String> namesHere(RawValue raw) {
        own.put("here", raw.here().toString());
        return names;
    }

    private String charged(String expanded) throws InvalidValueException {
        problems.budget().charge(expanded.length());
        return expanded;
    }

    /**
     * An env value: parsed first, then each value expanded, so that an expanded comma or quote
     * cannot break the syntax. Empty when absent or wrong (wrong is reported).
     */
    Map<String, String> env(RawValue raw) {
        if (raw == null) {
            return Map.of();
        }
        Map<String, String> env = new LinkedHashMap<>();
        try {
            if (raw.value() == null) {
                throw new InvalidValueException("has no value (allowed: " + raw.key() + " = KEY=value,KEY2=value2)");
            }
            for (var e : EnvSyntax.parse(raw.value()).entrySet()) {
                problems.budget().charge(e.getKey().length() + Limits.ENV_ENTRY_COST);
                env.put(e.getKey(), charged(Expander.expand(e.getValue(), namesHere(raw))));
            }
        } catch (InvalidValueException e) {
            fail(raw, e);
            return Map.of();
        }
        return env;
    }

    private void fail(RawValue raw, InvalidValueException e) {
        if (e instanceof LoadBudget.Exceeded x && !x.first) {
            failed = true; // reported once, where the budget ran out
            return;
        }
        fail(raw, e.getMessage());
    }

    void fail(RawValue raw, String message) {
        problems.error(raw, message);
        failed = true;
    }

    boolean failed() {
        return failed;
    }

    /**
     * A reader's names: its own, then the shared ones. Lookups are what expansion does; the
     * entries, merged, are only listed in the message about an unknown name.
     */
    private static final class Layered extends AbstractMap<String, String> {
        private final Map<String, String> own;
        private final Map<String, String> shared;

        Layered(Map<String, String> own, Map<String, String> shared) {
            this.own = own;
            this.shared = shared;
        }

        @Override
        public String get(Object key) {
            String v = own.get(key);
            return v != null ? v : shared.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return own.containsKey(key) || shared.containsKey(key);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            Map<String, String> merged = new HashMap<>(shared);
            merged.putAll(own);
            return merged.entrySet();
        }
    }
}
