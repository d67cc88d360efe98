package taskmaster.config;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The key declarations as text: the README's key tables (Markdown) and {@code taskmasterd
 * --help-config [KEY]}. Both are printed from {@link ProgramKey}, {@link DaemonKey} and
 * {@link SectionKey} only.
 */
public final class KeyTables {
    private static final String PROGRAM_SECTIONS = "[name], [program:x] and [eventlistener:x]";
    private static final String DAEMON_SECTIONS = "[taskmasterd] and [supervisord]";

    private KeyTables() {}

    /** The program keys, one row each, as the README's "Program keys" table. */
    public static String programTable() {
        StringBuilder b = new StringBuilder();
        b.append("| key (alias) | `[name]` default | `[program:x]` default | allowed | on reload | meaning |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (ProgramKey k : ProgramKey.values()) {
            Key d = k.key();
            row(
                    b,
                    names(d),
                    d.spec().shown(),
                    d.supervisord().shown(),
                    d.allowed(),
                    k.effect().text(),
                    d.description());
        }
        return b.toString();
    }

    /** The {@code [taskmasterd]} keys, as the README's table of the daemon's section. */
    public static String daemonTable() {
        StringBuilder b = new StringBuilder();
        b.append("| key | default | allowed | on reload | meaning |\n");
        b.append("|---|---|---|---|---|\n");
        for (DaemonKey k : DaemonKey.values()) {
            Key d = k.declaration();
            row(b, names(d), d.spec().shown(), d.allowed(), k.effect().text(), d.description());
        }
        return b.toString();
    }

    /** The keys of {@code [group:x]} and {@code [include]}. */
    public static String sectionTable() {
        StringBuilder b = new StringBuilder();
        b.append("| key | section | default | allowed | on reload | meaning |\n");
        b.append("|---|---|---|---|---|---|\n");
        for (SectionKey k : SectionKey.values()) {
            Key d = k.key();
            row(
                    b,
                    names(d),
                    k.sectionName(),
                    d.spec().shown(),
                    d.allowed(),
                    k.effect().text(),
                    d.description());
        }
        return b.toString();
    }

    /**
     * {@code --help-config [KEY]}: every table, or what is declared of KEY (a program key and a
     * daemon key may share a name: both are shown). An unknown KEY is one line on {@code err} and 2.
     */
    public static int help(String name, PrintStream out, PrintStream err) {
        if (name == null) {
            out.println("Program keys (" + PROGRAM_SECTIONS + " sections):");
            out.println();
            out.print(programTable());
            out.println();
            out.println("Daemon keys (" + DAEMON_SECTIONS + "):");
            out.println();
            out.print(daemonTable());
            out.println();
            out.println("Group and include keys:");
            out.println();
            out.print(sectionTable());
            return 0;
        }
        List<String> lines = new ArrayList<>();
        ProgramKey.byName(name)
                .ifPresent(k -> lines.addAll(
                        describe(k.key(), name, "a program key (" + PROGRAM_SECTIONS + ")", defaults(k), k.effect())));
        DaemonKey.byName(name)
                .ifPresent(k -> lines.addAll(describe(
                        k.declaration(),
                        name,
                        "a daemon key (" + DAEMON_SECTIONS + ")",
                        k.declaration().spec().shown(),
                        k.effect())));
        SectionKey.byName(name)
                .ifPresent(k -> lines.addAll(describe(
                        k.key(),
                        name,
                        "a key of " + k.sectionName(),
                        k.key().spec().shown(),
                        k.effect())));
        if (lines.isEmpty()) {
            List<String> known = Stream.of(
                            ProgramKey.allNames(),
                            DaemonKey.allNames(),
                            SectionKey.names(SectionKind.GROUP),
                            SectionKey.names(SectionKind.INCLUDE))
                    .flatMap(List::stream)
                    .distinct()
                    .toList();
            err.println("taskmasterd: --help-config: unknown key '" + name + "'"
                    + KeySuggester.nearest(name, known)
                            .map(k -> " (did you mean '" + k + "'?)")
                            .orElse(" (try --help-config for every key)"));
            return 2;
        }
        lines.forEach(out::println);
        return 0;
    }

    private static List<String> describe(Key d, String asked, String what, String defaults, Effect effect) {
        String canonical = asked.equals(d.supervisordName()) ? d.supervisordName() : d.specName();
        List<String> aliases = d.aliases(canonical);
        List<String> lines = new ArrayList<>();
        lines.add(canonical + (aliases.isEmpty() ? "" : " (alias: " + String.join(", ", aliases) + ")") + ": " + what);
        lines.add("  type:      " + d.type());
        String allowed = d.allowed();
        if (!allowed.isEmpty()) {
            lines.add("  allowed:   " + allowed);
        }
        lines.add("  default:   " + defaults);
        lines.add("  on reload: " + effect.text());
        lines.add("  " + d.description());
        return lines;
    }

    private static String defaults(ProgramKey k) {
        Key d = k.key();
        if (k.listenerOnly()) {
            return d.supervisord().shown() + " in [eventlistener:x], its only section";
        }
        return d.spec().equals(d.supervisord())
                ? d.spec().shown() + " in both"
                : d.spec().shown() + " in [name], " + d.supervisord().shown() + " in [program:x]";
    }

    /** {@code `cmd` (`command`)}: the spec's name, then the others. */
    private static String names(Key d) {
        List<String> aliases = d.aliases(d.specName());
        return "`" + d.specName() + "`"
                + (aliases.isEmpty()
                        ? ""
                        : " (" + aliases.stream().map(a -> "`" + a + "`").collect(Collectors.joining(", ")) + ")");
    }

    private static void row(StringBuilder b, String... cells) {
        b.append("| ")
                .append(Arrays.stream(cells).map(KeyTables::cell).collect(Collectors.joining(" | ")))
                .append(" |\n");
    }

    /** A Markdown cell: a bar would end it. */
    private static String cell(String text) {
        return text.isEmpty() ? " " : text.replace("|", "\\|");
    }
}
