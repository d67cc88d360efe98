package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.testing.RealSupervisord.Run;
import taskmaster.testing.SupervisorPython;

/**
 * Configurations like the public deployments' (src/test/resources/compat): each file supervisord's
 * own parser accepts must load here with the same processes (group, name, command, priority,
 * autostart). supervisord is asked through Debian's package ({@code /usr/bin/python3} with
 * {@code supervisor.options.ServerOptions}); without it the test fails, it does not skip.
 *
 * <p>Paths are written {@code @ROOT@/...} in the files and moved into a temp folder, as both
 * parsers check that a log file's folder exists. Event listener pools are compared once this
 * loader builds them; [fcgi-program:x] is not supported (a warning), so its processes are
 * expected to be missing.
 */
class SupervisordCorpusTest {
    private static final Pattern ROOTED = Pattern.compile("@ROOT@(/[^\\s;\"',:]*)");
    private static final Pattern ROOTED_DIRECTORY =
            Pattern.compile("^\\s*(?:directory|childlogdir)\\s*=\\s*@ROOT@(/\\S*)", Pattern.MULTILINE);
    private static final String LISTENER = "EventListenerPoolConfig";
    private static final String FCGI = "FastCGIGroupConfig";

    @TempDir
    Path temp;

    private Path root;
    private Path files;
    private final Map<String, String> env = new HashMap<>(System.getenv());

    /** One process as both sides describe it; the command's whitespace runs count as one space (same words). */
    record Proc(String kind, String group, String name, int priority, boolean autostart, String command) {
        String key() {
            return group + ":" + name;
        }

        Proc comparable() {
            return new Proc(
                    "", group, name, priority, autostart, command.strip().replaceAll("\\s+", " "));
        }
    }

    record Outcome(Path file, boolean accepted, String refusal, List<Proc> supervisord) {}

    @BeforeEach
    void corpus() throws Exception {
        SupervisorPython.assertInstalled();
        root = Files.createDirectories(temp.resolve("root"));
        files = Files.createDirectories(temp.resolve("files"));
        Path source = Path.of(SupervisordCorpusTest.class.getResource("/compat").toURI());
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Path target = files.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    String text = Files.readString(p).replace("@ROOT@", root.toString());
                    Files.writeString(target, text);
                    prepareFolders(Files.readString(p));
                }
            }
        }
        Path appHome = Files.createDirectories(root.resolve("app"));
        Files.createDirectories(appHome.resolve("log"));
        Files.createDirectories(appHome.resolve("run"));
        env.put("APP_HOME", appHome.toString());
        env.put("API_PORT", "8080");
        env.put("SCHEDULER_AUTOSTART", "false");
        env.put("WORKERS", "3");
    }

    /** The folders the file's paths are in, and the folders it names as directory or childlogdir. */
    private void prepareFolders(String text) throws IOException {
        Matcher m = ROOTED.matcher(text);
        while (m.find()) {
            Files.createDirectories(root.resolve(m.group(1).substring(1)).getParent());
        }
        Matcher d = ROOTED_DIRECTORY.matcher(text);
        while (d.find()) {
            Files.createDirectories(root.resolve(d.group(1).substring(1)));
        }
    }

    /** Every *.conf of the corpus's top folder, and the supervisord.conf of each of its folders. */
    private List<Path> mainFiles() throws IOException {
        try (Stream<Path> top = Files.list(files)) {
            List<Path> mains = new ArrayList<>();
            for (Path p : top.sorted().toList()) {
                if (Files.isDirectory(p) && Files.isRegularFile(p.resolve("supervisord.conf"))) {
                    mains.add(p.resolve("supervisord.conf"));
                } else if (p.toString().endsWith(".conf")) {
                    mains.add(p);
                }
            }
            return mains;
        }
    }

    private Outcome supervisord(Path file) throws IOException, InterruptedException {
        Run r = SupervisorPython.parse("processes", file, temp, env);
        String out = r.out();
        int code = r.rc();
        if (code == 3) {
            return new Outcome(file, false, out.strip(), List.of());
        }
        assertThat(code)
                .as("supervisord's parser failed on " + file + ":\n" + out)
                .isZero();
        List<Proc> procs = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", 6);
            assertThat(f).as("a line of supervisord_parse.py: " + line).hasSize(6);
            procs.add(new Proc(f[0], f[1], f[2], clamp(f[3]), Boolean.parseBoolean(f[4]), unescape(f[5])));
        }
        return new Outcome(file, true, null, procs);
    }

    /** Python's integers have no limit; ours keep the order within int, beyond it at int's ends. */
    private static int clamp(String priority) {
        java.math.BigInteger n = new java.math.BigInteger(priority);
        return n.max(java.math.BigInteger.valueOf(Integer.MIN_VALUE))
                .min(java.math.BigInteger.valueOf(Integer.MAX_VALUE))
                .intValue();
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private Configuration taskmaster(Path file) throws ConfigException {
        // As root, as supervisord runs in the images these files come from: `user = www-data` is then allowed.
        LoaderInputs system = LoaderInputs.system();
        return new ConfigLoader(new LoaderInputs(env, UserDirectory.system(), 0, system.hostNodeName(), temp))
                .load(file);
    }

    @Test
    void everyFileSupervisordAcceptsLoadsWithTheSameProcesses() throws Exception {
        List<Path> mains = mainFiles();
        assertThat(mains).hasSizeGreaterThanOrEqualTo(15);
        int accepted = 0;
        int loaded = 0;
        List<String> refused = new ArrayList<>();
        Map<Path, String> failures = new LinkedHashMap<>();
        for (Path file : mains) {
            Outcome sd = supervisord(file);
            if (!sd.accepted()) {
                refused.add(files.relativize(file) + ": " + sd.refusal());
                continue;
            }
            accepted++;
            Configuration c;
            try {
                c = taskmaster(file);
            } catch (ConfigException e) {
                failures.put(file, e.getMessage());
                continue;
            }
            loaded++;
            String mismatch = compare(sd.supervisord(), c);
            if (mismatch != null) {
                failures.put(file, mismatch);
            }
        }
        System.out.printf(
                "supervisord corpus: %d of %d files supervisord accepts load here (%d refused by supervisord)%n",
                loaded, accepted, refused.size());
        assertThat(refused)
                .as("the corpus's one file supervisord refuses, which does not count")
                .singleElement()
                .asString()
                .startsWith("15-refused-by-supervisord.conf: program section program:broken does not specify a"
                        + " command");
        assertThat(failures)
                .as("files supervisord accepts that fail or differ here")
                .isEmpty();
        assertThat(loaded).isEqualTo(accepted);
    }

    /** null when the processes agree; else what differs. */
    private static String compare(List<Proc> supervisord, Configuration c) {
        boolean weHaveListeners = c.programs().stream().anyMatch(ProgramSpec::isListener);
        List<Proc> expected = supervisord.stream()
                .filter(p -> !p.kind().equals(FCGI))
                .filter(p -> weHaveListeners || !p.kind().equals(LISTENER))
                .map(Proc::comparable)
                .toList();
        List<Proc> ours = new ArrayList<>();
        for (ProgramSpec program : c.programs()) {
            for (ProcessSpec s : program.processes()) {
                ours.add(new Proc("", s.group(), s.name(), s.priority(), s.autostart(), s.command()).comparable());
            }
        }
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> extra = new TreeSet<>();
        expected.stream().filter(p -> !ours.contains(p)).forEach(p -> missing.add(p.toString()));
        ours.stream().filter(p -> !expected.contains(p)).forEach(p -> extra.add(p.toString()));
        if (missing.isEmpty() && extra.isEmpty()) {
            List<String> fcgi = supervisord.stream()
                    .filter(p -> p.kind().equals(FCGI))
                    .map(Proc::key)
                    .toList();
            boolean warned =
                    c.warnings().stream().anyMatch(w -> w.contains("[fcgi-program:") && w.contains("not supported"));
            return fcgi.isEmpty() || warned ? null : "fcgi-program processes " + fcgi + " left out without a warning";
        }
        return "supervisord's processes missing here: " + missing + "; processes only here: " + extra;
    }

    /** The corpus holds what the deployments hold; a file dropped by mistake would raise the rate unnoticed. */
    @Test
    void theCorpusCoversTheRealPatterns() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> walk = Files.walk(files)) {
            for (Path p : walk.filter(f -> f.toString().endsWith(".conf")).toList()) {
                all.append(read(p)).append('\n');
            }
        }
        assertThat(all.toString())
                .contains(
                        "[include]",
                        "files = conf.d/*.conf",
                        "%(ENV_",
                        "process_name=%(program_name)s_%(process_num)02d",
                        "numprocs=",
                        "[group:",
                        "[eventlistener:",
                        "[fcgi-program:",
                        "[unix_http_server]",
                        "[inet_http_server]",
                        "[supervisorctl]",
                        "[rpcinterface:supervisor]",
                        "environment=A=\"1\",B=\"2\"",
                        "startretries=4294967295",
                        "unmask=",
                        "username=",
                        "serverurl=",
                        "group=",
                        "redirect_stdout=",
                        "depends_on=",
                        "\n    --bind",
                        "\n# ",
                        "\n; ");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
