package taskmaster.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import taskmaster.model.Configuration;
import taskmaster.model.RpcServerSettings;

/**
 * What a supervisord file does differently here, for {@code --check-config}: one note per intended
 * difference that applies to the file, each naming the key that restores supervisord's behaviour
 * where one exists. The README's "Coming from supervisord" lists them all.
 */
final class SupervisordNotes {
    private static final int NAMES_SHOWN = 5;
    private static final Set<String> CONSOLES = Set.of("-", "/dev/stdout", "/dev/stderr");

    private SupervisordNotes() {}

    /** @param loaded the configuration the sections made, whose warnings count the unknown keys let through */
    static List<String> of(List<Section> sections, Configuration loaded) {
        List<Section> programs = sections.stream()
                .filter(s -> SectionKind.of(s.name()) == SectionKind.PROGRAM)
                .toList();
        List<Section> daemon =
                sections.stream().filter(s -> s.name().equals("supervisord")).toList();
        List<Section> fcgi = sections.stream()
                .filter(s -> SectionKind.of(s.name()) == SectionKind.FCGI_PROGRAM)
                .toList();
        if (programs.isEmpty() && daemon.isEmpty() && fcgi.isEmpty()) {
            return List.of(); // not a supervisord file: nothing to compare with
        }
        List<String> notes = new ArrayList<>();
        List<Section> groupStop = without(programs, s -> has(s, "stopasgroup") || has(s, "killasgroup"));
        if (!groupStop.isEmpty()) {
            notes.add(names(groupStop) + ": the stop signal and the stop time's SIGKILL go to the process's whole"
                    + " process group (supervisord: to the process alone); stopasgroup = false restores"
                    + " supervisord's");
        }
        if (!programs.isEmpty()) {
            notes.add("when a process exits, whatever is left of its process group is SIGKILLed, so no program"
                    + " leaves orphans (supervisord leaves them running); no key changes this");
            notes.add("SIGHUP applies a changed file process by process: unchanged processes keep running with"
                    + " the same pid, changed ones restart alone (supervisord's SIGHUP restarts every process,"
                    + " its update restarts whole groups); no key restores supervisord's: restart them by hand");
            notes.add("a stop in BACKOFF is immediate and the next start gets every retry again (supervisord"
                    + " keeps the count of failed attempts, so a later start may get a single one); no key");
        }
        List<Section> unlimited = without(programs, s -> has(s, "restart_limit"));
        if (!unlimited.isEmpty()) {
            notes.add(names(unlimited) + ": a process restarted from RUNNING 5 times within 10 s is not restarted at"
                    + " once a sixth time: that counts as a failed start (BACKOFF, then FATAL after startretries), as"
                    + " systemd's start limit (supervisord respawns a crash loop without end); restart_limit = 0"
                    + " restores supervisord's");
        }
        List<Section> consoles = programs.stream()
                .filter(s -> isConsole(s, "stdout_logfile") || isConsole(s, "stderr_logfile"))
                .toList();
        if (!consoles.isEmpty()) {
            notes.add(names(consoles) + ": output to /dev/stdout or /dev/stderr goes to the daemon's console, each"
                    + " line as 'process | line' (supervisord copies the bytes as they are); no key");
        }
        List<Section> auto = programs.stream()
                .filter(s ->
                        isAuto(s, "stdout_logfile") || (!isTrue(s, "redirect_stderr") && isAuto(s, "stderr_logfile")))
                .toList();
        if (!auto.isEmpty()) {
            notes.add(names(auto) + ": AUTO log files are <childlogdir>/<process>-stdout.log and -stderr.log,"
                    + " kept across restarts (supervisord: random names, deleted at start unless nocleanup);"
                    + " stdout_logfile and stderr_logfile set a name of your own");
        }
        if (!daemon.isEmpty() && daemon.stream().noneMatch(s -> has(s, "logfile"))) {
            notes.add(daemon.getFirst().origin() + ": [supervisord] without logfile: the event log goes to the"
                    + " console only (supervisord: supervisord.log in its working directory); logfile ="
                    + " supervisord.log restores it");
        }
        if (!daemon.isEmpty() && daemon.stream().noneMatch(s -> has(s, "pidfile"))) {
            notes.add(daemon.getFirst().origin() + ": [supervisord] without pidfile: no pid file is written, a lock"
                    + " in the run folder keeps a second daemon off this file (supervisord: supervisord.pid in"
                    + " its working directory); pidfile = supervisord.pid restores it");
        }
        long unknown = loaded.warnings().stream()
                .filter(w -> w.contains(": " + Problems.TOLERATED_UNKNOWN_KEY))
                .count();
        if (unknown > 0) {
            notes.add(unknown + " unknown key" + (unknown == 1 ? " is" : "s are")
                    + " ignored with a warning, as supervisord ignores them (the warnings name each);"
                    + " strict = true in [supervisord], or --strict, makes them errors");
        }
        for (Section s : fcgi) {
            notes.add(s.origin() + ": [" + s.name() + "] is not supported and its processes are not run: run the"
                    + " FastCGI server as a [program:x] that opens its own socket; no key");
        }
        for (Section s : sections) {
            SectionKind kind = SectionKind.of(s.name());
            if (kind == SectionKind.UNIX_HTTP_SERVER || kind == SectionKind.INET_HTTP_SERVER) {
                notes.add(s.origin() + ": [" + s.name() + "]: supervisorctl's reload (supervisor.restart) applies the"
                        + " files as SIGHUP does, restarting only what changed (supervisord restarts every"
                        + " process); no key");
                break;
            }
        }
        RpcServerSettings.Inet inet = loaded.daemon().rpc().inet();
        if (inet != null && inet.credentials() == null && !isLoopback(inet.host())) {
            Section s = sections.stream()
                    .filter(x -> SectionKind.of(x.name()) == SectionKind.INET_HTTP_SERVER)
                    .findFirst()
                    .orElseThrow();
            notes.add(s.origin() + ": [inet_http_server] on '" + (inet.host().isEmpty() ? "*" : inet.host())
                    + "' without username and password: taskmasterd refuses to start (supervisord serves anyone"
                    + " who can reach the port, with a warning); set username and password, or port ="
                    + " 127.0.0.1:" + inet.port());
        }
        List<Section> listeners = sections.stream()
                .filter(s -> SectionKind.of(s.name()) == SectionKind.EVENTLISTENER)
                .toList();
        if (!listeners.isEmpty()) {
            notes.add(names(listeners) + ": a reload that changes a group sends no PROCESS_GROUP_REMOVED and"
                    + " PROCESS_GROUP_ADDED pair (supervisord's update removes and re-adds the group), and a pool"
                    + " subscribed to overlapping types gets each event once (supervisord queues it twice); no"
                    + " key");
        }
        List<String> quoted = sections.stream()
                .flatMap(s -> s.values().stream())
                .filter(v -> v.value() != null
                        && (v.value().contains(" ;") || v.value().contains(" #")))
                .map(v -> v.file() + ":" + v.line())
                .toList();
        if (!quoted.isEmpty()) {
            notes.add(String.join(", ", quoted.subList(0, Math.min(NAMES_SHOWN, quoted.size())))
                    + (quoted.size() > NAMES_SHOWN ? " …" : "")
                    + ": ' ;' or ' #' inside double quotes is kept as part of the value (supervisord cuts the"
                    + " value there, as a comment); no key");
        }
        return notes;
    }

    /** The names supervisord's inet server takes for this machine alone. */
    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    private static boolean has(Section s, String key) {
        return s.get(key) != null;
    }

    /** Absent or AUTO: supervisord's default for a program's logs. */
    private static boolean isAuto(Section s, String key) {
        RawValue v = s.get(key);
        return v == null || (v.value() != null && v.value().strip().equalsIgnoreCase("AUTO"));
    }

    private static boolean isTrue(Section s, String key) {
        RawValue v = s.get(key);
        try {
            return v != null && v.value() != null && Values.bool(v.value());
        } catch (InvalidValueException e) {
            return false;
        }
    }

    private static boolean isConsole(Section s, String key) {
        RawValue v = s.get(key);
        return v != null && v.value() != null && CONSOLES.contains(v.value().strip());
    }

    private static List<Section> without(List<Section> sections, Predicate<Section> excluded) {
        return sections.stream().filter(excluded.negate()).toList();
    }

    /** "file:line: [program:a], [program:b] and 3 more", the first one's origin: one note stays one line. */
    private static String names(List<Section> sections) {
        List<String> shown = sections.stream()
                .limit(NAMES_SHOWN)
                .map(s -> "[" + s.name() + "]")
                .toList();
        String more = sections.size() > NAMES_SHOWN ? " and " + (sections.size() - NAMES_SHOWN) + " more" : "";
        return sections.getFirst().origin() + ": " + String.join(", ", shown) + more;
    }
}
