package taskmaster.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What a {@link TestDaemon} runs: its configuration file in the test's folder, and the JVM that
 * runs {@code taskmaster.daemon.Main} with the test classpath.
 *
 * <p>The file's {@code [taskmasterd]} section always has {@code jolokia_port = 0}: a test never
 * competes for the default port with another daemon on the machine (the demo's, say). Keys given
 * to {@link #keys} come after the harness's own and so replace them (a key given again wins).
 * Every child carries {@code tagVar=tag} in its environment, so that none outlives its test.
 */
public final class DaemonConfig {

    public final Path dir;
    public final Path conf;
    private String tagVar = "TM_TAG";
    private String tag = UUID.randomUUID().toString();
    private String pidfile = "%(here)s/tm.pid";
    private String keys = "";
    private String programs = "";
    private final List<String> jvmArgs = new ArrayList<>(List.of("-Xmx256m"));
    private String ignored = "";

    DaemonConfig(Path dir) {
        this.dir = dir;
        this.conf = dir.resolve("taskmaster.conf");
    }

    /** More {@code [taskmasterd]} lines, after the harness's own and those given before. */
    public DaemonConfig keys(String daemonKeys) {
        this.keys = keys + "\n" + daemonKeys;
        return this;
    }

    public DaemonConfig programs(String programSections) {
        this.programs = programSections;
        return this;
    }

    /** The marker in the children's environment: a test's own, for a test that sweeps by it. */
    public DaemonConfig tag(String var, String value) {
        this.tagVar = var;
        this.tag = value;
        return this;
    }

    /** The pidfile's value, or null for none (the run files then go to {@code rundir} or the per-user default). */
    public DaemonConfig pidfile(String value) {
        this.pidfile = value;
        return this;
    }

    /** No Jolokia at all (for a test of the RMI connector). */
    public DaemonConfig jolokiaOff() {
        return keys("jolokia = off");
    }

    /**
     * The RMI connector on port 0 with these {@code jmx_users}, or the generated credential when
     * {@code users} is empty; its URL is learnt with {@link TestDaemon#awaitJmx()}.
     */
    public DaemonConfig jmx(String users) {
        return keys("jmx_port = 0" + (users.isEmpty() ? "" : "\njmx_users = " + users));
    }

    /** Options for the daemon's JVM, after the default heap bound (a later {@code -Xmx} wins). */
    public DaemonConfig jvm(List<String> options) {
        jvmArgs.addAll(options);
        return this;
    }

    /**
     * The daemon starts with these signals ignored (HUP, TERM...), as under nohup or a parent's
     * {@code trap "" HUP}: its JVM is exec'd by a shell that ignored them, so it keeps its pid.
     */
    public DaemonConfig ignoring(String... signals) {
        this.ignored = String.join(" ", signals);
        return this;
    }

    public String tagVar() {
        return tagVar;
    }

    public String tag() {
        return tag;
    }

    /** The event log, {@code logfile}. */
    public Path logFile() {
        return dir.resolve("tm.log");
    }

    /** Where the daemon's stdout and stderr go. */
    public Path consoleFile() {
        return dir.resolve("console.out");
    }

    /**
     * Writes the file and returns its path. The folder is made private (0700), so that the daemon
     * keeps its url, secret and state files beside the pidfile whatever the umask: in a folder
     * others may write to, it would put them in the user's default run folder, which other daemons
     * of the machine share.
     */
    public Path write() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        Files.writeString(
                conf,
                "[taskmasterd]\n"
                        + (pidfile == null ? "" : "pidfile = " + pidfile + "\n")
                        + "logfile = %(here)s/tm.log\n"
                        + "jolokia_port = 0\n"
                        + "environment = " + tagVar + "=" + tag + "\n"
                        + (keys.isBlank() ? "" : keys.strip() + "\n") + programs);
        return conf;
    }

    /** {@code java ... taskmaster.daemon.Main -c conf args}, without writing the file. */
    public List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of("-c", conf.toString()));
        cmd.addAll(List.of(args));
        return javaMain(jvmArgs, cmd);
    }

    /** Writes the file and starts {@code taskmasterd -n args}, its console in {@link #consoleFile()}. */
    public TestDaemon start(String... args) throws IOException {
        return start(null, args);
    }

    /**
     * The same with the daemon's stdout sent to {@code stdout} (a pipe nobody reads, say) and its
     * stderr alone to {@link #consoleFile()}; null sends both there.
     */
    public TestDaemon start(ProcessBuilder.Redirect stdout, String... args) throws IOException {
        write();
        List<String> all = new ArrayList<>(List.of("-n"));
        all.addAll(List.of(args));
        List<String> cmd = command(all.toArray(String[]::new));
        if (!ignored.isEmpty()) {
            List<String> wrapped = new ArrayList<>(List.of("sh", "-c", "trap '' " + ignored + "; exec \"$@\"", "sh"));
            wrapped.addAll(cmd);
            cmd = wrapped;
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("_JAVA_SR_SIGNUM", "39"); // as bin/taskmasterd sets it
        pb.environment().remove(tagVar); // only the children carry the tag, from [taskmasterd] environment
        if (stdout == null) {
            pb.redirectErrorStream(true).redirectOutput(consoleFile().toFile());
        } else {
            pb.redirectOutput(stdout).redirectError(consoleFile().toFile());
        }
        return new TestDaemon(this, pb.start());
    }

    /** {@code java <jvmArgs> -cp <the test classpath> taskmaster.daemon.Main <args>}. */
    public static List<String> javaMain(List<String> jvmArgs, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("taskmaster.daemon.Main");
        cmd.addAll(args);
        return cmd;
    }
}
