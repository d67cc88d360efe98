package taskmaster.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import taskmaster.model.Configuration;
import taskmaster.model.DaemonSettings;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.RpcServerSettings;
import taskmaster.model.Scale;

/**
 * Loads a configuration: the main file, its includes, every section checked. All errors are
 * collected in one pass and thrown together, so a user fixes a file in one round.
 */
public final class ConfigLoader {
    private final LoaderInputs inputs;
    private final boolean strict;
    private final Map<String, Scale> scales;

    /** Uses this JVM's environment, uid, host name and the accounts of /etc. */
    public ConfigLoader() {
        this(LoaderInputs.system());
    }

    public ConfigLoader(LoaderInputs inputs) {
        this(inputs, false, Map.of());
    }

    private ConfigLoader(LoaderInputs inputs, boolean strict, Map<String, Scale> scales) {
        this.inputs = inputs;
        this.strict = strict;
        this.scales = Map.copyOf(scales);
    }

    /**
     * This loader, strict or not: strict refuses the unknown keys of supervisord's sections, which
     * are warnings otherwise; {@code strict = true} in the file makes a load strict too.
     */
    public ConfigLoader strict(boolean strict) {
        return new ConfigLoader(inputs, strict, scales);
    }

    /**
     * This loader with the operator's scale overrides, by program name: a program whose files
     * still say the override's {@code fileNumprocs} gets its {@code numprocs} processes, built as
     * the files' own ({@code process_name}, {@code %(process_num)}, ...); {@link ProgramSpec#fileNumprocs()}
     * tells what the files say.
     */
    public ConfigLoader scales(Map<String, Scale> overrides) {
        return new ConfigLoader(inputs, strict, overrides);
    }

    /**
     * Checks a numprocs asked for live (scale) as the files' own are checked.
     *
     * @throws InvalidValueException saying what is allowed
     */
    public static void checkNumprocs(int n) throws InvalidValueException {
        ProgramKey.NUMPROCS.key().typedParser().parse(Integer.toString(n));
    }

    /** With an explicit environment, account lookup and uid (0 for root); host name and temp dir are this machine's. */
    public ConfigLoader(Map<String, String> env, UserDirectory users, int currentUid) {
        this(new LoaderInputs(
                env,
                users,
                currentUid,
                LoaderInputs.system().hostNodeName(),
                Path.of(System.getProperty("java.io.tmpdir"))));
    }

    public Configuration load(Path mainFile) throws ConfigException {
        LoaderInputs loadInputs = LoadUsers.of(this.inputs);
        Problems problems = new Problems();
        Path main = mainFile.toAbsolutePath().normalize();
        Sources sources = read(main, problems, loadInputs);

        List<Section> daemonSections = new ArrayList<>();
        List<Section> groupSections = new ArrayList<>();
        Map<String, Section> programSections = new LinkedHashMap<>();
        for (Section s : sources.sections()) {
            switch (SectionKind.of(s.name())) {
                case DAEMON -> daemonSections.add(s);
                case GROUP -> groupSections.add(s);
                case SPEC_PROGRAM, PROGRAM, EVENTLISTENER -> addProgram(programSections, s, problems);
                case IGNORED -> ignored(s, problems);
                case FCGI_PROGRAM ->
                    problems.warn(
                            s,
                            "not supported, its processes are not run: an fcgi-program needs the daemon to open its"
                                    + " socket and hand it to each process (run the FastCGI server as a [program:x]"
                                    + " that opens its own socket)");
                case UNKNOWN -> problems.error(s, null, unknownKind(s.name()));
                case INCLUDE -> {
                    // consumed by Sources
                }
                case UNIX_HTTP_SERVER, INET_HTTP_SERVER -> {
                    // read by ServerSettingsBuilder below
                }
            }
        }

        RpcServerSettings rpc = new ServerSettingsBuilder(problems, loadInputs).build(sources.sections());
        DaemonSettingsBuilder daemonBuilder = new DaemonSettingsBuilder(problems, loadInputs);
        DaemonSettings daemon = daemonBuilder.build(daemonSections, rpc);
        Set<String> listeners = programSections.entrySet().stream()
                .filter(e -> SectionKind.of(e.getValue().name()) == SectionKind.EVENTLISTENER)
                .map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        GroupTable groups = GroupTable.build(groupSections, programSections.keySet(), listeners, loadInputs, problems);
        List<ProgramSpec> programs = new ArrayList<>();
        Map<String, String> shared = ProgramBuilder.sharedNames(loadInputs, daemon);
        for (var e : programSections.entrySet()) {
            Section s = e.getValue();
            Dialect dialect = SectionKind.of(s.name()) == SectionKind.SPEC_PROGRAM ? Dialect.SPEC : Dialect.SUPERVISORD;
            new ProgramBuilder(
                            s,
                            dialect,
                            groups.groupOf(e.getKey()),
                            daemon,
                            loadInputs,
                            problems,
                            scales.get(e.getKey()),
                            shared)
                    .build()
                    .ifPresent(programs::add);
        }
        checkUniqueProcessNames(programs, programSections, problems);
        DependencyCheck.check(
                programSections,
                groupSections.stream().map(g -> SectionKind.nameOf(g.name())).collect(Collectors.toSet()),
                programs,
                problems);
        problems.settle(strict || daemonBuilder.strict());
        if (problems.hasErrors()) {
            throw new ConfigException(problems.errors());
        }
        return new Configuration(main, sources.files(), daemon, programs, problems.warnings());
    }

    /**
     * Only the daemon's settings ({@code [taskmasterd]} or {@code [supervisord]}, includes read):
     * what a client needs to find the daemon. Programs are not built, so an error in one does not
     * hide the daemon's address, and a file with a thousand programs is read quickly.
     */
    public DaemonSettings loadDaemon(Path mainFile) throws ConfigException {
        Problems problems = new Problems();
        Sources sources = read(mainFile.toAbsolutePath().normalize(), problems, inputs, ConfigLoader::daemonOrServer);
        List<Section> daemonSections = sources.sections().stream()
                .filter(s -> SectionKind.of(s.name()) == SectionKind.DAEMON)
                .toList();
        RpcServerSettings rpc = new ServerSettingsBuilder(problems, inputs).build(sources.sections());
        DaemonSettingsBuilder daemonBuilder = new DaemonSettingsBuilder(problems, inputs);
        DaemonSettings daemon = daemonBuilder.build(daemonSections, rpc);
        problems.settle(strict || daemonBuilder.strict());
        if (problems.hasErrors()) {
            throw new ConfigException(problems.errors());
        }
        return daemon;
    }

    /**
     * The intended differences from supervisord that apply to a file this loader loaded, one line
     * each, naming the key that restores supervisord's behaviour where one exists; none for a file
     * that is not supervisord's.
     */
    public List<String> notes(Configuration loaded) throws ConfigException {
        return SupervisordNotes.of(read(loaded.file(), new Problems()).sections(), loaded);
    }

    /** The main file and its includes, read into sections; a file that cannot be read is fatal. */
    private Sources read(Path main, Problems problems) throws ConfigException {
        return read(main, problems, inputs);
    }

    private static Sources read(Path main, Problems problems, LoaderInputs inputs) throws ConfigException {
        return read(main, problems, inputs, name -> true);
    }

    /**
     * What {@link #loadDaemon} reads: the daemon's own section and the two server sections. The
     * program sections are only scanned for where they end, not parsed: for taskmasterctl, which reads the
     * daemon's keys alone, that was most of a one-shot status's config read (8000 lines for 1000
     * programs).
     */
    private static boolean daemonOrServer(String section) {
        SectionKind kind = SectionKind.of(section);
        return kind == SectionKind.DAEMON
                || kind == SectionKind.UNIX_HTTP_SERVER
                || kind == SectionKind.INET_HTTP_SERVER;
    }

    private static Sources read(Path main, Problems problems, LoaderInputs inputs, Predicate<String> wanted)
            throws ConfigException {
        Map<String, String> names = new HashMap<>(Sources.envNames(inputs.env()));
        names.put("host_node_name", inputs.hostNodeName());
        Sources sources = new Sources(problems, names, wanted);
        if (!sources.read(main)) {
            throw new ConfigException(problems.errors());
        }
        return sources;
    }

    private static void addProgram(Map<String, Section> programs, Section s, Problems problems) {
        String name = SectionKind.nameOf(s.name());
        Section earlier = programs.putIfAbsent(name, s);
        if (earlier != null) {
            problems.error(
                    s,
                    null,
                    "program '" + name + "' is already defined at " + earlier.origin()
                            + " (allowed: one section per program, [" + name + "] or [program:" + name + "])");
        }
    }

    private static void checkUniqueProcessNames(
            List<ProgramSpec> programs, Map<String, Section> sections, Problems problems) {
        Map<String, String> owner = new HashMap<>();
        for (ProgramSpec p : programs) {
            for (ProcessSpec proc : p.processes()) {
                String other = owner.putIfAbsent(proc.name(), p.name());
                if (other != null && !other.equals(p.name())) {
                    problems.error(
                            sections.get(p.name()),
                            null,
                            "process name '" + proc.name() + "' is also used by program '" + other
                                    + "' (allowed: process names unique across programs)");
                }
            }
        }
    }

    /** Why a client or plugin section does nothing here: supervisorctl reads its own, plugins are not loaded. */
    private static String unknownKind(String section) {
        String prefix = section.substring(0, section.indexOf(':') + 1);
        return "unknown section type '" + prefix + "'"
                + KeySuggester.nearest(prefix, SectionKind.PREFIXES)
                        .map(p -> " (did you mean '" + p + "'?)")
                        .orElse(" (allowed: [name], [program:x], [group:x], [include], [taskmasterd], [supervisord])");
    }

    /** supervisord's standard XML-RPC interface, which every sample file declares. */
    private static final String MAIN_RPC_FACTORY = "supervisor.rpcinterface:make_main_rpcinterface";

    /**
     * {@code [supervisorctl]} is the client's, and supervisord's own {@code [rpcinterface:supervisor]}
     * is built in: both are boilerplate a file needs for supervisord, so they pass silently. Any other
     * {@code [rpcinterface:x]} or {@code [ctlplugin:x]} is Python code, which is not loaded: a warning.
     */
    private static void ignored(Section s, Problems problems) {
        if (s.name().equals("supervisorctl")) {
            return;
        }
        RawValue factory = s.get("supervisor.rpcinterface_factory");
        if (s.name().startsWith("rpcinterface:")
                && factory != null
                && factory.value().strip().equals(MAIN_RPC_FACTORY)) {
            return;
        }
        problems.warn(
                s,
                "ignored: a Python plugin, which taskmasterd cannot load (supervisord's own XML-RPC interface is"
                        + " built in)");
    }
}
