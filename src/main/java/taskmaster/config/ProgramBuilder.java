package taskmaster.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import taskmaster.model.AutoRestart;
import taskmaster.model.Check;
import taskmaster.model.DaemonSettings;
import taskmaster.model.EventType;
import taskmaster.model.HealthCheck;
import taskmaster.model.Lifecycle;
import taskmaster.model.ListenerSpec;
import taskmaster.model.Output;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.Readiness;
import taskmaster.model.Resources;
import taskmaster.model.RestartPolicy;
import taskmaster.model.Rlimit;
import taskmaster.model.Scale;
import taskmaster.model.Signal;
import taskmaster.model.UsageLimits;
import taskmaster.model.UserSpec;

/**
 * One program section into a {@link ProgramSpec}: every value is expanded and parsed once per
 * process, since any of them may use {@code %(process_num)}. Errors are reported, never thrown;
 * the result is empty when any was found.
 *
 * <p>An {@code [eventlistener:x]} section is a program too, with supervisord's rules: its
 * {@link ListenerSpec} ({@code events}, {@code buffer_size}, {@code result_handler}), stdin always
 * a pipe the daemon holds (events are written there), stdout always tapped (the listener answers
 * there; it is also logged as any program's), no {@code redirect_stderr} (stderr in stdout would
 * break the protocol) and a default priority of -1.
 */
final class ProgramBuilder {
    private static final String PROCESS_NUM = "%(process_num)";
    private static final String OUTPUT_CHOICES = ", AUTO, NONE, or - for the daemon's console";
    static final String OUTPUT_ALLOWED = "a file path" + OUTPUT_CHOICES;
    static final String DEFAULT_RESULT_HANDLER = "supervisor.dispatchers:default_handler";
    /** supervisord gives listeners a priority below every default one: they start first and stop last. */
    private static final int LISTENER_PRIORITY = -1;
    /** Where {@code supervisor.childutils} finds the daemon's XML-RPC interface. */
    static final String SERVER_URL_VARIABLE = "SUPERVISOR_SERVER_URL";

    private static final String EVENTS_ALLOWED = "a comma-separated list of "
            + String.join(
                    ", ", Arrays.stream(EventType.values()).map(Enum::name).toList());

    private final Section section;
    private final Dialect dialect;
    private final boolean listener;
    private final String program;
    private final String group;
    private final DaemonSettings daemon;
    private final LoaderInputs inputs;
    private final Problems problems;
    private final Map<ProgramKey, RawValue> keys;
    private final long daemonEnvironmentCost;
    /** The env files read for this program's processes (empty: missing), each read once a load. */
    private final Map<Path, Optional<Map<String, String>>> envFileCache = new HashMap<>();
    /** The env files found wrong for an earlier process of this program. */
    private final Set<Path> unreadable = new java.util.HashSet<>();
    /** The operator's live numprocs for this program, null when none. */
    private final Scale scale;
    /** The names of {@link #sharedNames}, the same for every program of a load. */
    private final Map<String, String> shared;

    /**
     * @param scale the operator's override, applied while the section's numprocs is still its {@code fileNumprocs}
     * @param shared {@link #sharedNames} of these inputs and daemon, computed once for all programs of a load
     */
    ProgramBuilder(
            Section section,
            Dialect dialect,
            String group,
            DaemonSettings daemon,
            LoaderInputs inputs,
            Problems problems,
            Scale scale,
            Map<String, String> shared) {
        this.shared = shared;
        this.scale = scale;
        this.section = section;
        this.dialect = dialect;
        this.listener = SectionKind.of(section.name()) == SectionKind.EVENTLISTENER;
        this.program = SectionKind.nameOf(section.name());
        this.group = group;
        this.daemon = daemon;
        this.inputs = inputs;
        this.problems = problems;
        this.keys = ProgramKey.collect(section, problems);
        this.daemonEnvironmentCost = daemon.environment().entrySet().stream()
                .mapToLong(e -> e.getKey().length() + e.getValue().length() + Limits.ENV_ENTRY_COST)
                .sum();
    }

    Optional<ProgramSpec> build() {
        int before = problems.errorCount();
        try {
            Values.name(program, "program");
        } catch (InvalidValueException e) {
            problems.error(section, null, e.getMessage());
        }
        if (!keys.containsKey(ProgramKey.CMD)) {
            Key cmd = ProgramKey.CMD.key();
            problems.error(
                    section,
                    cmd.specName(),
                    "is required but missing (allowed: " + cmd.specName() + " = the command line, or "
                            + cmd.supervisordName() + " = ...)");
        }
        ValueReader common = programReader();
        int fileNumprocs = read(common, ProgramKey.NUMPROCS);
        // Once the files say another numprocs than when the operator scaled, theirs wins.
        boolean scaled = scale != null && scale.fileNumprocs() == fileNumprocs;
        int numprocs = scaled ? scale.numprocs() : fileNumprocs;
        int start = read(common, ProgramKey.NUMPROCS_START);
        RawValue processName = keys.get(ProgramKey.PROCESS_NAME);
        if (numprocs > 1
                && processName != null
                && processName.value() != null
                && !processName.value().contains(PROCESS_NUM)) {
            problems.error(
                    processName,
                    Values.quote(processName.value()) + " names every process the same (allowed: a name with"
                            + " %(process_num), like %(program_name)s_%(process_num)02d,"
                            + " when numprocs > 1" + (scaled ? "; scaled to " + numprocs + " processes" : "") + ")");
        }
        int priority =
                listener ? read(common, ProgramKey.PRIORITY, LISTENER_PRIORITY) : read(common, ProgramKey.PRIORITY);
        ListenerSpec listenerSpec = listener ? listenerSpec(common) : null;
        if (!listener) {
            refuseListenerKeys();
        }
        List<ProcessSpec> processes = new ArrayList<>();
        for (int num = start; num < start + numprocs && !problems.budget().exhausted(); num++) {
            process(num, numprocs, priority).ifPresent(processes::add);
        }
        if (problems.errorCount() > before || processes.size() != numprocs) {
            return Optional.empty();
        }
        return Optional.of(
                new ProgramSpec(program, group, priority, processes, section.origin(), listenerSpec, fileNumprocs));
    }

    /** The pool's settings; the caller's reader records what is wrong. */
    private ListenerSpec listenerSpec(ValueReader r) {
        RawValue events = keys.get(ProgramKey.EVENTS);
        if (events == null) {
            problems.error(
                    section,
                    ProgramKey.EVENTS.key().specName(),
                    "is required but missing (allowed: events = " + EVENTS_ALLOWED + ")");
        }
        List<EventType> types = read(r, ProgramKey.EVENTS, List.of());
        int bufferSize = read(r, ProgramKey.BUFFER_SIZE);
        String handler = read(r, ProgramKey.RESULT_HANDLER);
        if (!handler.equals(DEFAULT_RESULT_HANDLER)) {
            problems.warn(
                    keys.get(ProgramKey.RESULT_HANDLER),
                    Values.quote(handler) + " is not supported, " + DEFAULT_RESULT_HANDLER + " is used (allowed: "
                            + DEFAULT_RESULT_HANDLER + ")");
            handler = DEFAULT_RESULT_HANDLER;
        }
        return new ListenerSpec(types, bufferSize, handler);
    }

    /** A listener's keys outside a listener: supervisord ignores them, the spec's sections refuse them. */
    private void refuseListenerKeys() {
        for (ProgramKey k : ProgramKey.values()) {
            RawValue v = keys.get(k);
            if (v == null || !k.listenerOnly()) {
                continue;
            }
            String message = "is a key of [eventlistener:x] sections";
            if (dialect == Dialect.SUPERVISORD) {
                problems.warn(v, "ignored: " + message);
            } else {
                problems.error(v, message + " (allowed: the keys of a program, see --help-config)");
            }
        }
    }

    /**
     * {@code events}: supervisord's event type names, in any case (it upper-cases them), each once.
     */
    static List<EventType> events(String v) throws InvalidValueException {
        LinkedHashSet<EventType> types = new LinkedHashSet<>();
        for (String part : v.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            types.add(EventType.parse(name.toUpperCase(Locale.ROOT))
                    .orElseThrow(() -> new InvalidValueException(
                            Values.quote(name) + " is not an event type (allowed: " + EVENTS_ALLOWED + ")")));
        }
        if (types.isEmpty()) {
            throw new InvalidValueException("names no event type (allowed: " + EVENTS_ALLOWED + ")");
        }
        return List.copyOf(types);
    }

    /**
     * The names every program of a load sees: ENV_X of the daemon's environment, the
     * {@code environment} of its section over it, and {@code host_node_name}.
     */
    static Map<String, String> sharedNames(LoaderInputs inputs, DaemonSettings daemon) {
        Map<String, String> names = Sources.envNames(inputs.env());
        names.putAll(Sources.envNames(daemon.environment()));
        names.put("host_node_name", inputs.hostNodeName());
        return Map.copyOf(names);
    }

    /** A reader with this program's names over the shared ones. */
    private ValueReader programReader() {
        ValueReader r = new ValueReader(problems, shared);
        r.name("program_name", program);
        r.name("group_name", group);
        return r;
    }

    private Optional<ProcessSpec> process(int num, int numprocs, int priority) {
        ValueReader r = programReader();
        r.name("process_num", Integer.toString(num));
        r.name("numprocs", Integer.toString(numprocs));
        // systemd's order: the files in turn (a later one wins), then env over them all.
        Map<String, String> fileEnv = envFiles(r);
        r.addEnv(fileEnv);
        Map<String, String> env = r.env(keys.get(ProgramKey.ENV));
        r.addEnv(env);
        try {
            // Each process gets its own copy of the daemon's environment.
            problems.budget().charge(daemonEnvironmentCost);
        } catch (LoadBudget.Exceeded e) {
            if (e.first) {
                problems.error(section, null, e.getMessage());
            }
            return Optional.empty();
        }

        String defaultName = numprocs > 1 ? program + "_" + String.format("%02d", num) : program;
        String name = read(r, ProgramKey.PROCESS_NAME, defaultName);
        RawValue cmd = keys.get(ProgramKey.CMD);
        String command = r.read(cmd, String::strip, null);
        List<String> argv = read(r, ProgramKey.CMD);
        // supervisord's rule: killasgroup defaults to stopasgroup. Ours: stopasgroup defaults to true,
        // except beside killasgroup=false, where supervisord's default (false) is the only value it accepts.
        Boolean killGiven = read(r, ProgramKey.KILLASGROUP, null);
        boolean stopAsGroup = read(r, ProgramKey.STOPASGROUP, killGiven == null || killGiven);
        boolean killAsGroup = killGiven == null ? stopAsGroup : killGiven;
        if (stopAsGroup && !killAsGroup) {
            r.fail(
                    keys.get(ProgramKey.KILLASGROUP),
                    "'false' conflicts with stopasgroup=true"
                            + " (allowed: killasgroup=true whenever stopasgroup=true)");
        }
        boolean redirect = read(r, ProgramKey.REDIRECT_STDERR);
        if (listener && redirect) {
            r.fail(
                    keys.get(ProgramKey.REDIRECT_STDERR),
                    "'true' is not allowed in an event listener: its stderr in stdout would break the listener"
                            + " protocol (allowed: false)");
        }
        Output stdout = output(
                r,
                ProgramKey.STDOUT,
                ProgramKey.STDOUT_MAXBYTES,
                ProgramKey.STDOUT_BACKUPS,
                "stdout",
                name,
                num,
                numprocs);
        Output stderr = output(
                r,
                ProgramKey.STDERR,
                ProgramKey.STDERR_MAXBYTES,
                ProgramKey.STDERR_BACKUPS,
                "stderr",
                name,
                num,
                numprocs);
        boolean timestamps = read(r, ProgramKey.TIMESTAMPS, daemon.timestamps());
        boolean stdinPipe = read(r, ProgramKey.STDIN);
        if (listener && !stdinPipe && keys.containsKey(ProgramKey.STDIN)) {
            problems.warn(keys.get(ProgramKey.STDIN), "ignored: an event listener's stdin is always a pipe");
        }
        stdinPipe |= listener;
        boolean stdoutEvents = read(r, ProgramKey.STDOUT_EVENTS_ENABLED);
        boolean tapStdout = listener || stdoutEvents;
        boolean tapStderr = read(r, ProgramKey.STDERR_EVENTS_ENABLED);
        if (redirect) {
            if (keys.containsKey(ProgramKey.STDERR)) {
                problems.warn(
                        keys.get(ProgramKey.STDERR), "ignored: redirect_stderr is true, so stderr goes to stdout");
            }
            stderr = Output.DISCARD;
        }
        Path workingDir = r.read(
                keys.get(ProgramKey.WORKINGDIR),
                v -> ConfigPaths.resolve(keys.get(ProgramKey.WORKINGDIR).here(), v),
                null);
        if (workingDir != null && !Files.isDirectory(workingDir)) {
            // Not an error: the directory may be created before the start; a start without it is a spawn error.
            problems.warn(
                    keys.get(ProgramKey.WORKINGDIR),
                    Values.quote(workingDir.toString())
                            + " is not an existing directory yet (starting will fail until it exists)");
        }
        for (ProgramKey k : ProgramKey.values()) {
            if (k.ignored()) {
                read(r, k);
            }
        }
        Integer umask = read(r, ProgramKey.UMASK);
        UserSpec user = r.read(keys.get(ProgramKey.USER), v -> UserResolver.resolve(v, inputs), null);
        boolean autostart = read(r, ProgramKey.AUTOSTART);
        AutoRestart autorestart = read(r, ProgramKey.AUTORESTART);
        Set<Integer> exitCodes = read(r, ProgramKey.EXITCODES);
        int startRetries = read(r, ProgramKey.STARTRETRIES);
        int startSeconds = read(r, ProgramKey.STARTTIME);
        Signal stopSignal = read(r, ProgramKey.STOPSIGNAL);
        int stopSeconds = read(r, ProgramKey.STOPTIME);
        String serverUrl = read(r, ProgramKey.SERVERURL);
        Lifecycle lifecycle = Lifecycle.DEFAULT
                .withRestart(restartPolicy(r))
                .withReadiness(readiness(r))
                .withHealth(healthCheck(r))
                .withDependsOn(dependsOn(r));
        Resources resources = resources(r);
        if (r.failed() || argv == null) {
            return Optional.empty();
        }
        Map<String, String> environment = new HashMap<>(daemon.environment());
        // As supervisord sets it: under the program's own environment, which may replace it.
        if (!serverUrl.equalsIgnoreCase("AUTO")) {
            environment.put(SERVER_URL_VARIABLE, serverUrl);
        } else {
            daemon.rpc().autoUrl().ifPresent(url -> environment.put(SERVER_URL_VARIABLE, url));
        }
        environment.putAll(fileEnv);
        environment.putAll(env);
        return Optional.of(new ProcessSpec(
                name,
                program,
                group,
                num,
                command,
                argv,
                environment,
                workingDir,
                umask,
                user,
                stdout,
                stderr,
                redirect,
                priority,
                autostart,
                autorestart,
                exitCodes,
                startRetries,
                startSeconds,
                stopSignal,
                stopSeconds,
                stopAsGroup,
                killAsGroup,
                timestamps,
                stdinPipe,
                tapStdout,
                tapStderr,
                lifecycle,
                resources));
    }

    /**
     * {@code env_file}: the files' variables, in order (a later file's wins). A missing file is an
     * error unless its path starts with {@code -}; an unreadable one or a bad line is an error
     * naming the key and the file's line. Read at every load, so a reload sees a changed file.
     */
    private Map<String, String> envFiles(ValueReader r) {
        RawValue raw = keys.get(ProgramKey.ENV_FILE);
        if (raw == null) {
            return Map.of();
        }
        String value = r.read(raw, v -> v, null);
        if (value == null) {
            return Map.of();
        }
        String[] paths = value.strip().split("\\s+");
        if (value.isBlank()) {
            r.fail(raw, "names no file (allowed: one or more paths separated by blanks, each may start with -)");
            return Map.of();
        }
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (String p : paths) {
            boolean optional = p.startsWith("-");
            String text = optional ? p.substring(1) : p;
            Path file;
            try {
                file = ConfigPaths.resolve(raw.here(), text);
            } catch (InvalidValueException e) {
                r.fail(raw, e.getMessage());
                continue;
            }
            if (unreadable.contains(file)) {
                continue; // reported for an earlier process, which fails the program already
            }
            try {
                Optional<Map<String, String>> read =
                        envFileCache.containsKey(file) ? envFileCache.get(file) : EnvFile.read(file);
                envFileCache.put(file, read);
                if (read.isEmpty()) {
                    if (!optional) {
                        r.fail(
                                raw,
                                Values.quote(file.toString()) + " does not exist (allowed: an existing file, or -"
                                        + file + " for one that may be missing)");
                    }
                    continue;
                }
                for (var e : read.get().entrySet()) {
                    problems.budget().charge(e.getKey().length() + e.getValue().length() + Limits.ENV_ENTRY_COST);
                    env.put(e.getKey(), e.getValue());
                }
            } catch (EnvFile.BadLine e) {
                unreadable.add(file);
                r.fail(raw, "env file " + file + ":" + e.line + ": " + e.getMessage());
            } catch (LoadBudget.Exceeded e) {
                if (e.first) {
                    r.fail(raw, e.getMessage());
                }
                return Map.of();
            } catch (java.io.IOException e) {
                unreadable.add(file);
                r.fail(
                        raw,
                        Values.quote(file.toString()) + " cannot be read: " + e.getMessage()
                                + " (allowed: a readable UTF-8 file)");
            }
        }
        return env;
    }

    /** {@code backoff}, {@code backoff_max}, {@code fatal_retry}, {@code restart_limit}, {@code restart_window}, {@code essential}. */
    private RestartPolicy restartPolicy(ValueReader r) {
        RestartPolicy.Backoff backoff = read(r, ProgramKey.BACKOFF);
        int backoffMax = read(r, ProgramKey.BACKOFF_MAX);
        int fatalRetry = read(r, ProgramKey.FATAL_RETRY);
        int limit = read(r, ProgramKey.RESTART_LIMIT);
        int window = read(r, ProgramKey.RESTART_WINDOW);
        boolean essential = read(r, ProgramKey.ESSENTIAL);
        return new RestartPolicy(backoff, backoffMax, fatalRetry, limit, window, essential);
    }

    /** {@code ready}, {@code ready_timeout}, {@code watchdog}. */
    private Readiness readiness(ValueReader r) {
        boolean failedBefore = r.failed();
        Check check = read(r, ProgramKey.READY);
        int timeout = read(r, ProgramKey.READY_TIMEOUT);
        int watchdog = read(r, ProgramKey.WATCHDOG);
        RawValue given = keys.get(ProgramKey.WATCHDOG);
        // A bad ready value is reported already; the watchdog is judged against a good one only.
        if (watchdog > 0 && !(check instanceof Check.Notify) && !(r.failed() && !failedBefore)) {
            r.fail(
                    given,
                    Values.quote(given.value().strip()) + " needs ready = notify, which is how WATCHDOG=1 comes"
                            + " (allowed: 0, or seconds beside ready = notify)");
        }
        return new Readiness(check, timeout, watchdog);
    }

    /** {@code healthcheck} and its interval, timeout and retries. */
    private HealthCheck healthCheck(ValueReader r) {
        Check check = read(r, ProgramKey.HEALTHCHECK);
        int interval = read(r, ProgramKey.HEALTHCHECK_INTERVAL);
        int timeout = read(r, ProgramKey.HEALTHCHECK_TIMEOUT);
        int retries = read(r, ProgramKey.HEALTHCHECK_RETRIES);
        if (check == null && !keys.containsKey(ProgramKey.HEALTHCHECK)) {
            for (ProgramKey k : List.of(
                    ProgramKey.HEALTHCHECK_INTERVAL, ProgramKey.HEALTHCHECK_TIMEOUT, ProgramKey.HEALTHCHECK_RETRIES)) {
                if (keys.containsKey(k)) {
                    problems.warn(keys.get(k), "ignored: there is no healthcheck to run");
                }
            }
        }
        return new HealthCheck(check, interval, timeout, retries);
    }

    /** {@code memory_limit}, {@code cpu_limit}, {@code limit_window} and the {@code rlimit_*} keys. */
    private Resources resources(ValueReader r) {
        long memory = read(r, ProgramKey.MEMORY_LIMIT);
        int cpu = read(r, ProgramKey.CPU_LIMIT);
        int window = read(r, ProgramKey.LIMIT_WINDOW);
        List<Rlimit> rlimits = new ArrayList<>();
        for (ProgramKey k : ProgramKey.rlimits()) {
            Rlimit given = read(r, k, null);
            if (given != null) {
                rlimits.add(given);
            }
        }
        return new Resources(new UsageLimits(memory, cpu, window), rlimits);
    }

    /** {@code depends_on}, as written; the configuration checks the names and cycles once every program is known. */
    private List<String> dependsOn(ValueReader r) {
        return read(r, ProgramKey.DEPENDS_ON, List.of());
    }

    /** {@code depends_on}: names separated by commas or blanks, each once, in the order written. */
    static List<String> dependsOn(String v) throws InvalidValueException {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String part : v.split("[,\\s]+")) {
            if (!part.isEmpty()) {
                names.add(Values.name(part, "program or group"));
            }
        }
        return List.copyOf(names);
    }

    /** The key's value by its declared parser, or its declared default in this section's dialect. */
    private <T> T read(ValueReader r, ProgramKey key) {
        return r.read(keys.get(key), key.key().typedParser(), key.key().defaultValue(dialect));
    }

    /** The key's value by its declared parser, or {@code derived}: the default the declaration says it derives. */
    private <T> T read(ValueReader r, ProgramKey key, T derived) {
        return r.read(keys.get(key), key.key().typedParser(), derived);
    }

    /** {@code pipe}: a pipe the daemon holds; {@code /dev/null} (or NONE): nothing to read. */
    static boolean stdin(String v) throws InvalidValueException {
        String s = v.strip();
        if (s.equalsIgnoreCase("pipe")) {
            return true;
        }
        if (s.equals("/dev/null") || Values.isNone(s)) {
            return false;
        }
        throw new InvalidValueException(Values.quote(s) + " is not a stdin (allowed: pipe, /dev/null, or NONE)");
    }

    /**
     * Absent: discarded in the spec dialect, AUTO in supervisord's. AUTO is
     * {@code childlogdir/<process>-stdout.log}. {@code -}, {@code /dev/stdout} and {@code /dev/stderr}
     * forward to the daemon's own stdout or stderr ({@code -}: the stream's own). With several
     * processes, a path that does not use %(process_num) gets {@code .N} appended so that each
     * process has its own file.
     */
    private Output output(
            ValueReader r,
            ProgramKey key,
            ProgramKey maxBytesKey,
            ProgramKey backupsKey,
            String stream,
            String processName,
            int num,
            int numprocs) {
        RawValue raw = keys.get(key);
        long maxBytes = read(r, maxBytesKey);
        int backups = read(r, backupsKey);
        Output auto =
                new Output.ToFile(daemon.childlogdir().resolve(processName + "-" + stream + ".log"), maxBytes, backups);
        if (raw == null) {
            return special(key.key().defaultFor(dialect).text(), stream, auto)
                    .orElseThrow(() -> new IllegalStateException("the default of " + key + " is no special output"));
        }
        return r.read(
                raw,
                v -> {
                    String s = v.strip();
                    Optional<Output> special = special(s, stream, auto);
                    if (special.isPresent()) {
                        return special.get();
                    }
                    if (s.equalsIgnoreCase("syslog")) {
                        throw new InvalidValueException(
                                "'" + s + "' is not supported (allowed: " + OUTPUT_ALLOWED + ")");
                    }
                    if (numprocs > 1 && !raw.value().contains(PROCESS_NUM)) {
                        s = s + "." + num;
                    }
                    return new Output.ToFile(ConfigPaths.fileToWrite(raw.here(), s, OUTPUT_CHOICES), maxBytes, backups);
                },
                Output.DISCARD);
    }

    /** The outputs that are no file of the section's own: NONE, AUTO, the daemon's console. */
    private static Optional<Output> special(String s, String stream, Output auto) {
        if (Values.isNone(s)) {
            return Optional.of(Output.DISCARD);
        }
        if (s.equalsIgnoreCase("AUTO")) {
            return Optional.of(auto);
        }
        if (s.equals("-")) {
            return Optional.of(stream.equals("stdout") ? Output.DAEMON_STDOUT : Output.DAEMON_STDERR);
        }
        if (s.equals("/dev/stdout") || s.equals("/dev/fd/1") || s.equals("/proc/self/fd/1")) {
            return Optional.of(Output.DAEMON_STDOUT);
        }
        if (s.equals("/dev/stderr") || s.equals("/dev/fd/2") || s.equals("/proc/self/fd/2")) {
            return Optional.of(Output.DAEMON_STDERR);
        }
        return Optional.empty();
    }
}
