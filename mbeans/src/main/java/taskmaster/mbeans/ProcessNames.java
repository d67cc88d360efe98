package taskmaster.mbeans;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names operations take, supervisorctl's grammar, read the same way by the daemon and by
 * every client:
 * <ul>
 * <li>{@code all}: every process;</li>
 * <li>{@code group:*} or {@code group:}: every process of that group, or of that program;</li>
 * <li>{@code group:name}: the process of that name in that group or program;</li>
 * <li>{@code name}: the process of that name; when there is none, every process of the program
 * or group of that name.</li>
 * </ul>
 * A list of names is separated by commas or white space. There is no globbing: {@code *} means
 * "every member" only after a colon. A name that selects nothing is {@link Fault#BAD_NAME}.
 */
public final class ProcessNames {

    /** Every process. */
    public static final String ALL = "all";
    /** What a name may be, for the messages that refuse one. */
    public static final String ALLOWED = "a process, a program, group:*, group:name or all";

    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
    private static final Pattern QUOTED = Pattern.compile("named '([^']*)'");

    /** What the grammar reads of a process. */
    public record Key(String group, String program, String name) {}

    /**
     * What a list of names selects: each process once, in the order of the names that selected
     * it (then of the candidates), and the names that selected nothing.
     */
    public record Selection<T>(List<T> selected, List<String> unknown) {}

    private ProcessNames() {}

    /** The names in a list separated by commas or white space; none for null or a blank text. */
    public static List<String> split(String names) {
        if (names == null) {
            return List.of();
        }
        return SEPARATORS.splitAsStream(names).filter(s -> !s.isEmpty()).toList();
    }

    /** The names in words each of which may hold several (a command line: {@code web,db api}). */
    public static List<String> split(Collection<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.addAll(split(w));
        }
        return out;
    }

    /** {@code group:*}: the name that selects every process of a group or program. */
    public static String wholeGroup(String group) {
        return group + ":*";
    }

    /** The candidates one name selects, in their order; none when it names nothing. */
    public static <T> List<T> matching(Collection<T> candidates, Function<? super T, Key> key, String name) {
        String n = name.trim();
        if (n.equals(ALL)) {
            return List.copyOf(candidates);
        }
        int colon = n.indexOf(':');
        if (colon >= 0) {
            String group = n.substring(0, colon);
            String member = n.substring(colon + 1);
            boolean every = member.isEmpty() || member.equals("*");
            return candidates.stream()
                    .filter(c -> {
                        Key k = key.apply(c);
                        return (k.group().equals(group) || k.program().equals(group))
                                && (every || k.name().equals(member));
                    })
                    .toList();
        }
        // A process may bear the name of another program or group (a process_name of its own):
        // the process wins, so that a bare process name always means that one process.
        List<T> process =
                candidates.stream().filter(c -> key.apply(c).name().equals(n)).toList();
        if (!process.isEmpty()) {
            return process;
        }
        return candidates.stream()
                .filter(c -> {
                    Key k = key.apply(c);
                    return k.program().equals(n) || k.group().equals(n);
                })
                .toList();
    }

    /** What a list of names selects among the candidates (see {@link Selection}). */
    public static <T> Selection<T> select(
            Collection<T> candidates, Function<? super T, Key> key, Collection<String> names) {
        Set<T> selected = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String name : names) {
            List<T> found = matching(candidates, key, name);
            if (found.isEmpty()) {
                unknown.add(name.trim());
            }
            selected.addAll(found);
        }
        return new Selection<>(List.copyOf(selected), List.copyOf(unknown));
    }

    /** The {@link Fault#BAD_NAME} explanation for a name that selects nothing. */
    public static String unknown(String name) {
        return "no process, program or group named '" + name + "'";
    }

    /**
     * The name a {@link Fault#BAD_NAME} explanation quotes ({@code ... named 'web'}), so that a
     * client can say which name of a list was refused; empty when it quotes none.
     */
    public static Optional<String> quoted(String explanation) {
        Matcher m = QUOTED.matcher(explanation);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
