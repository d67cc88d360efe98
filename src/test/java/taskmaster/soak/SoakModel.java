package taskmaster.soak;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * One configuration of the soak's daemon, immutable: the programs, their kinds and settings, and
 * the INI text that says so. {@link #mutate} gives a valid variant, {@link #renderBroken} the text
 * of a variant with one error in it, which a reload must refuse as a whole.
 */
final class SoakModel {

    /** What a program does; each kind exercises one part of the supervisor. */
    enum Kind {
        /** Runs until stopped; executed directly, no shell. */
        LONG,
        /** Up for 1-2 s, then exits with some code: autorestart and exitcodes decide. */
        QUICK,
        /** Exits before its start time: BACKOFF, then FATAL. */
        FLAPPER,
        /** Ignores SIGTERM (inherited by its children): only SIGKILL after stoptime ends it. */
        IGNORER,
        /** A shell with background children in its process group. */
        FORKER,
        /** Leaves a background child behind when it exits: its group must be killed. */
        LEAVER,
        /** Writes a lot to a small, rotated log file. */
        CHATTY,
        /** Its command does not exist: a spawn error. */
        SPAWNERR
    }

    /** One {@code [program:x]}. */
    record Prog(
            String name,
            Kind kind,
            String command,
            int numprocs,
            int priority,
            boolean autostart,
            String autorestart,
            String exitcodes,
            int startsecs,
            int startretries,
            int stopwaitsecs,
            boolean stopasgroup,
            int maxbytesKb,
            String group) {

        List<String> processNames() {
            if (numprocs == 1) {
                return List.of(name);
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < numprocs; i++) {
                out.add(String.format("%s_%02d", name, i));
            }
            return out;
        }

        /** The group it belongs to: its {@code [group:x]}, else itself. */
        String groupName() {
            return group == null ? name : group;
        }

        /** The wait bound the README documents for {@code verb} on one of its processes, in ms. */
        long boundMs(String verb) {
            long start = (long) startsecs * (1 + Math.min(startretries, 3)) * 1000;
            long stop = stopwaitsecs * 1000L;
            long worst = switch (verb) {
                case "start" -> start;
                case "stop" -> stop;
                case "restart" -> start + stop;
                default -> 0;
            };
            return Math.min(300_000, worst + 10_000);
        }

        Prog with(String command, int numprocs) {
            return new Prog(
                    name,
                    kind,
                    command,
                    numprocs,
                    priority,
                    autostart,
                    autorestart,
                    exitcodes,
                    startsecs,
                    startretries,
                    stopwaitsecs,
                    stopasgroup,
                    maxbytesKb,
                    group);
        }

        Prog withPolicy(
                String autorestart, String exitcodes, int startsecs, int startretries, int stopwaitsecs, int priority) {
            return new Prog(
                    name,
                    kind,
                    command,
                    numprocs,
                    priority,
                    autostart,
                    autorestart,
                    exitcodes,
                    startsecs,
                    startretries,
                    stopwaitsecs,
                    stopasgroup,
                    maxbytesKb,
                    group);
        }

        Prog withOutput(int maxbytesKb) {
            return new Prog(
                    name,
                    kind,
                    command,
                    numprocs,
                    priority,
                    autostart,
                    autorestart,
                    exitcodes,
                    startsecs,
                    startretries,
                    stopwaitsecs,
                    stopasgroup,
                    maxbytesKb,
                    group);
        }

        Prog inGroup(String group) {
            return new Prog(
                    name,
                    kind,
                    command,
                    numprocs,
                    priority,
                    autostart,
                    autorestart,
                    exitcodes,
                    startsecs,
                    startretries,
                    stopwaitsecs,
                    stopasgroup,
                    maxbytesKb,
                    group);
        }
    }

    static final String[] GROUPS = {"front", "back"};
    static final int[] PRIORITIES = {100, 500, 999};

    /** The programs configured, by name. */
    private final Map<String, Prog> programs;
    /** Programs an earlier variant removed: a later one may bring one back under the same name. */
    private final Map<String, Prog> removed;

    private final Path dir;
    private final String tagVar;
    private final String tag;
    private final String daemonKeys;
    /** Counts the models derived from the first one: names the files of a reload. */
    final int generation;
    /** The programs this variant added or changed: where a reload's races are. */
    private final Set<String> touched;

    /** The program whose stdout goes to the daemon's console ({@code /dev/stdout}), or null. */
    private final String consoleProgram;

    private SoakModel(
            Map<String, Prog> programs,
            Map<String, Prog> removed,
            Path dir,
            String tagVar,
            String tag,
            String daemonKeys,
            int generation,
            Set<String> touched,
            String consoleProgram) {
        this.touched = touched;
        this.consoleProgram = consoleProgram;
        this.programs = programs;
        this.removed = removed;
        this.dir = dir;
        this.tagVar = tagVar;
        this.tag = tag;
        this.daemonKeys = daemonKeys;
        this.generation = generation;
    }

    /** The first configuration: {@code count} programs of every kind, some of them in groups. */
    /** {@code console}: the first chatty program writes to the daemon's console instead of a file. */
    static SoakModel initial(
            Random r, int count, Path dir, String tagVar, String tag, String daemonKeys, boolean console) {
        Kind[] mix = {
            Kind.LONG,
            Kind.QUICK,
            Kind.FLAPPER,
            Kind.IGNORER,
            Kind.FORKER,
            Kind.LEAVER,
            Kind.CHATTY,
            Kind.LONG,
            Kind.QUICK,
            Kind.IGNORER,
            Kind.FORKER,
            Kind.CHATTY,
            Kind.SPAWNERR,
            Kind.QUICK,
            Kind.LONG,
            Kind.IGNORER,
            Kind.FORKER,
            Kind.CHATTY,
            Kind.FLAPPER,
            Kind.LEAVER
        };
        Map<String, Prog> progs = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            Kind k = mix[i % mix.length];
            String name = k.name().toLowerCase() + "_" + String.format("%02d", i);
            Prog p = fresh(r, k, name, i);
            if (i % 9 == 4) {
                p = p.inGroup(GROUPS[(i / 9) % GROUPS.length]);
            }
            progs.put(name, p);
        }
        String tty = console
                ? progs.values().stream()
                        .filter(p -> p.kind() == Kind.CHATTY)
                        .findFirst()
                        .map(Prog::name)
                        .orElse(null)
                : null;
        return new SoakModel(progs, Map.of(), dir, tagVar, tag, daemonKeys, 0, Set.of(), tty);
    }

    /** A program of kind {@code k} with settings drawn from {@code r}. */
    static Prog fresh(Random r, Kind k, String name, int i) {
        int numprocs = switch (k) {
            case LONG, IGNORER, FORKER, CHATTY, QUICK -> i % 4 == 1 ? 2 + r.nextInt(2) : 1;
            default -> 1;
        };
        int priority = PRIORITIES[r.nextInt(PRIORITIES.length)];
        String[] restarts = {"true", "unexpected", "false"};
        String autorestart = switch (k) {
            case QUICK, LEAVER -> restarts[r.nextInt(3)];
            default -> r.nextInt(4) == 0 ? "true" : "unexpected";
        };
        String exitcodes = r.nextBoolean() ? "0" : "0,2";
        int startsecs = switch (k) {
            case FLAPPER -> 1;
            case QUICK -> r.nextInt(2);
            case SPAWNERR -> 1;
            default -> r.nextInt(3) == 0 ? 0 : 1;
        };
        int startretries = r.nextInt(4);
        int stopwait = k == Kind.IGNORER && i % 7 == 3 ? 0 : 1 + r.nextInt(2);
        boolean stopasgroup = !(k == Kind.FORKER && i % 3 == 0);
        boolean autostart = !(i % 13 == 7);
        return new Prog(
                name,
                k,
                command(r, k),
                numprocs,
                priority,
                autostart,
                autorestart,
                exitcodes,
                startsecs,
                startretries,
                stopwait,
                stopasgroup,
                16 + 16 * r.nextInt(2),
                null);
    }

    /** A command of kind {@code k}; its numbers vary so that a new draw is a change of command. */
    static String command(Random r, Kind k) {
        int v = 1 + r.nextInt(9);
        int code = r.nextInt(4);
        return switch (k) {
            case LONG -> "sleep " + (100_000 + r.nextInt(900_000));
            case QUICK -> "sh -c \"sleep 1." + v + "; exit " + code + "\"";
            case FLAPPER -> "sh -c \"sleep 0." + v + "; exit " + code + "\"";
            case IGNORER ->
                r.nextBoolean()
                        ? "sh -c \"trap '' TERM; while :; do sleep 1; done; echo " + v + "\""
                        : "sh -c \"trap '' TERM; sleep 20000" + v + " & sleep 30000" + v + " & wait\"";
            case FORKER -> "sh -c \"sleep 40000" + v + " & sleep 50000" + v + " & wait\"";
            case LEAVER -> "sh -c \"sleep 60000" + v + " & sleep 1." + v + "; exit 1\"";
            case CHATTY -> "sh -c \"while :; do seq 1 " + (v * 40) + "; seq 1 " + v + " >&2; sleep 0.2; done\"";
            case SPAWNERR -> "/nonexistent/soak-" + v;
        };
    }

    /** The programs this variant added or changed, still present. */
    List<Prog> touched() {
        return touched.stream().map(programs::get).toList();
    }

    List<Prog> present() {
        return List.copyOf(programs.values());
    }

    Prog program(String name) {
        return programs.get(name);
    }

    /** Every process name, sorted. */
    Set<String> processNames() {
        Set<String> out = new java.util.TreeSet<>();
        programs.values().forEach(p -> out.addAll(p.processNames()));
        return out;
    }

    /**
     * The programs {@code names} selects, as the engine selects them ({@code all}, a process, a
     * program, a group, {@code group:*}, {@code group:process}, comma-separated); null when one of
     * the names selects nothing (BAD_NAME).
     */
    List<Prog> select(String names) {
        Set<Prog> out = new LinkedHashSet<>();
        for (String raw : names.split(",")) {
            String name = raw.trim();
            List<Prog> found = new ArrayList<>();
            if (name.equals("all")) {
                found.addAll(programs.values());
            } else if (name.contains(":")) {
                String group = name.substring(0, name.indexOf(':'));
                String member = name.substring(name.indexOf(':') + 1);
                for (Prog p : programs.values()) {
                    if ((p.groupName().equals(group) || p.name().equals(group))
                            && (member.isEmpty()
                                    || member.equals("*")
                                    || p.processNames().contains(member))) {
                        found.add(p);
                    }
                }
            } else {
                for (Prog p : programs.values()) {
                    if (p.processNames().contains(name)
                            || p.name().equals(name)
                            || p.groupName().equals(name)) {
                        found.add(p);
                    }
                }
            }
            if (found.isEmpty()) {
                return null;
            }
            out.addAll(found);
        }
        return List.copyOf(out);
    }

    /** The documented bound of {@code verb} on {@code names}; 0 when the names select nothing. */
    long boundMs(String verb, String names) {
        List<Prog> sel = select(names);
        if (sel == null) {
            return 10_000;
        }
        return sel.stream().mapToLong(p -> p.boundMs(verb)).max().orElse(10_000);
    }

    /** Priority batches of the shutdown, each as long as its longest stop time: the documented bound. */
    long shutdownBoundMs() {
        Map<Integer, Integer> worst = new TreeMap<>();
        for (Prog p : programs.values()) {
            worst.merge(p.priority(), p.stopwaitsecs(), Math::max);
        }
        return worst.values().stream().mapToLong(s -> s * 1000L).sum() + 10_000;
    }

    // ---- variants ----

    /** A valid variant: 1 to 3 changes (programs added or removed, command, numprocs, policies, output). */
    SoakModel mutate(Random r, List<String> changes) {
        Map<String, Prog> next = new TreeMap<>(programs);
        Map<String, Prog> gone = new TreeMap<>(removed);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            List<String> names = new ArrayList<>(next.keySet());
            Prog p = next.get(names.get(r.nextInt(names.size())));
            switch (r.nextInt(8)) {
                case 0 -> {
                    if (next.size() > 44) {
                        gone.put(p.name(), next.remove(p.name()));
                        changes.add("removed " + p.name());
                    }
                }
                case 1 -> {
                    if (!gone.isEmpty() && r.nextBoolean()) {
                        List<String> back = new ArrayList<>(gone.keySet());
                        Prog old = gone.remove(back.get(r.nextInt(back.size())));
                        next.put(old.name(), fresh(r, old.kind(), old.name(), r.nextInt(100)));
                        changes.add("added back " + old.name());
                        continue;
                    }
                    Kind k = Kind.values()[r.nextInt(Kind.values().length)];
                    String name = "extra_" + k.name().toLowerCase() + "_" + (generation + 1) + "_" + i;
                    next.put(name, fresh(r, k, name, r.nextInt(100)));
                    changes.add("added " + name);
                }
                case 2, 7 -> {
                    // Half of them on a TERM ignorer: its stop takes a while, and races with operations.
                    List<Prog> ignorers = next.values().stream()
                            .filter(q -> q.kind() == Kind.IGNORER)
                            .toList();
                    if (!ignorers.isEmpty() && r.nextBoolean()) {
                        p = ignorers.get(r.nextInt(ignorers.size()));
                    }
                    next.put(p.name(), p.with(command(r, p.kind()), p.numprocs()));
                    changes.add("cmd of " + p.name());
                }
                case 3 -> {
                    if (p.kind() != Kind.SPAWNERR) {
                        int np = 1 + r.nextInt(3);
                        next.put(p.name(), p.with(p.command(), np));
                        changes.add("numprocs of " + p.name() + " " + p.numprocs() + "->" + np);
                    }
                }
                case 4 -> {
                    String[] restarts = {"true", "unexpected", "false"};
                    int stopwait = p.kind() == Kind.IGNORER ? r.nextInt(3) : 1 + r.nextInt(2);
                    int startsecs = p.kind() == Kind.FLAPPER || p.kind() == Kind.SPAWNERR ? 1 : r.nextInt(2);
                    next.put(
                            p.name(),
                            p.withPolicy(
                                    restarts[r.nextInt(3)],
                                    r.nextBoolean() ? "0" : "0,2",
                                    startsecs,
                                    r.nextInt(4),
                                    stopwait,
                                    PRIORITIES[r.nextInt(PRIORITIES.length)]));
                    changes.add("policy of " + p.name());
                }
                case 5 -> {
                    next.put(p.name(), p.withOutput(p.maxbytesKb() == 16 ? 32 : 16));
                    changes.add("output of " + p.name());
                }
                case 6 -> {
                    String g = r.nextInt(3) == 0 ? null : GROUPS[r.nextInt(GROUPS.length)];
                    next.put(p.name(), p.inGroup(g));
                    changes.add("group of " + p.name() + " -> " + g);
                }
                default -> throw new IllegalStateException();
            }
        }
        Set<String> hot = new java.util.TreeSet<>();
        for (String c : changes) {
            String name = c.replaceFirst("^(added back|added|cmd of|numprocs of|policy of|output of|group of) ", "")
                    .replaceFirst(" .*", "");
            if (next.containsKey(name)) {
                hot.add(name);
            }
        }
        return new SoakModel(next, gone, dir, tagVar, tag, daemonKeys, generation + 1, Set.copyOf(hot), consoleProgram);
    }

    /** A variant where every program of {@code kind} has a new command: a reload that restarts them all. */
    SoakModel newCommands(Random r, Kind kind, List<String> changes) {
        Map<String, Prog> next = new TreeMap<>(programs);
        Set<String> hot = new java.util.TreeSet<>();
        for (Prog p : programs.values()) {
            if (p.kind() == kind) {
                next.put(p.name(), p.with(command(r, kind), p.numprocs()));
                changes.add("cmd of " + p.name());
                hot.add(p.name());
            }
        }
        return new SoakModel(
                next, removed, dir, tagVar, tag, daemonKeys, generation + 1, Set.copyOf(hot), consoleProgram);
    }

    /**
     * The text of a variant of this configuration with one error the loader must refuse (so a
     * reload of it must leave this configuration in force); says what it holds in {@code what}.
     */
    String renderBroken(Random r, List<String> what) {
        SoakModel changed = mutate(r, what);
        List<Prog> list = changed.present();
        Prog victim = list.get(r.nextInt(list.size()));
        Map<String, String> extra = new LinkedHashMap<>();
        String tail = "";
        switch (r.nextInt(8)) {
            case 0 -> extra.put("numprocs", "many");
            case 1 -> extra.put("autorestrat", "true");
            case 2 -> extra.put("stopsignal", "NOPE");
            case 3 -> extra.put("startsecs", "-1");
            case 4 -> tail = "\n[group:broken]\nprograms = " + victim.name() + ",no_such_program\n";
            case 5 -> extra.put("environment", "SOAK_BROKEN=%(no_such_name)s");
            case 6 -> extra.put("exitcodes", "0,abc");
            default -> extra.put("stdout_logfile_maxbytes", "lots");
        }
        what.add("error in " + victim.name() + ": "
                + (extra.isEmpty() ? tail.strip().replace('\n', ' ') : extra));
        return changed.render(victim.name(), extra) + tail;
    }

    // ---- the INI text ----

    String render() {
        return render(null, Map.of());
    }

    private String render(String extraFor, Map<String, String> extra) {
        StringBuilder b = new StringBuilder();
        b.append("; chaos soak, generation ").append(generation).append('\n');
        b.append("[taskmasterd]\n");
        b.append("logfile = ").append(dir.resolve("taskmasterd.log")).append('\n');
        b.append("logfile_maxbytes = 0\n");
        b.append("pidfile = ").append(dir.resolve("taskmasterd.pid")).append('\n');
        b.append("childlogdir = ").append(dir.resolve("logs")).append('\n');
        b.append("loglevel = debug\n"); // every state change in the event log: the trace of a violation
        // An unknown key in [program:x] is only a warning, as supervisord ignores it; strict mode makes
        // it the error the broken files' misspelt key must be, and so is exercised across reloads too.
        b.append("strict = true\n");
        b.append("environment = ").append(tagVar).append('=').append(tag).append('\n');
        b.append(daemonKeys).append('\n');
        Map<String, List<String>> groups = new TreeMap<>();
        for (Prog p : programs.values()) {
            b.append("\n[program:").append(p.name()).append("]\n");
            b.append("command = ").append(p.command()).append('\n');
            if (p.numprocs() > 1) {
                b.append("numprocs = ").append(p.numprocs()).append('\n');
                b.append("process_name = %(program_name)s_%(process_num)02d\n");
            }
            b.append("priority = ").append(p.priority()).append('\n');
            b.append("autostart = ").append(p.autostart()).append('\n');
            b.append("autorestart = ").append(p.autorestart()).append('\n');
            b.append("exitcodes = ").append(p.exitcodes()).append('\n');
            b.append("startsecs = ").append(p.startsecs()).append('\n');
            b.append("startretries = ").append(p.startretries()).append('\n');
            b.append("stopwaitsecs = ").append(p.stopwaitsecs()).append('\n');
            b.append("stopasgroup = ").append(p.stopasgroup()).append('\n');
            b.append("killasgroup = true\n");
            if (p.name().equals(consoleProgram)) {
                b.append("stdout_logfile = /dev/stdout\n");
                b.append("stderr_logfile = NONE\n");
            } else if (p.kind() == Kind.CHATTY) {
                b.append("stdout_logfile = ")
                        .append(dir.resolve("logs").resolve(p.name() + "-%(process_num)d.out"))
                        .append('\n');
                b.append("stdout_logfile_maxbytes = ").append(p.maxbytesKb()).append("KB\n");
                b.append("stdout_logfile_backups = 2\n");
                b.append("stderr_logfile = ")
                        .append(dir.resolve("logs").resolve(p.name() + "-%(process_num)d.err"))
                        .append('\n');
                b.append("stderr_logfile_maxbytes = ").append(p.maxbytesKb()).append("KB\n");
                b.append("stderr_logfile_backups = 1\n");
            } else {
                b.append("stdout_logfile = NONE\n");
                b.append("stderr_logfile = NONE\n");
            }
            if (p.name().equals(extraFor)) {
                extra.forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
            }
            if (p.group() != null) {
                groups.computeIfAbsent(p.group(), g -> new ArrayList<>()).add(p.name());
            }
        }
        groups.forEach((g, members) -> b.append("\n[group:")
                .append(g)
                .append("]\nprograms = ")
                .append(String.join(",", members))
                .append('\n'));
        return b.toString();
    }

    /** Whether {@code p} writes to files that can be tailed (not the console). */
    boolean tailable(Prog p) {
        return p.kind() == Kind.CHATTY && !p.name().equals(consoleProgram);
    }

    /** Chatty programs' stdout files, for a logrotate-style move before SIGUSR2. */
    List<Path> chattyLogs() {
        List<Path> out = new ArrayList<>();
        for (Prog p : programs.values()) {
            if (p.kind() == Kind.CHATTY && !p.name().equals(consoleProgram)) {
                for (int i = 0; i < p.numprocs(); i++) {
                    out.add(dir.resolve("logs").resolve(p.name() + "-" + i + ".out"));
                }
            }
        }
        return out;
    }
}
