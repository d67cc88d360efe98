package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;

/**
 * Seeded mutations of the shipped configurations go to the loader. Whatever the input, the loader
 * returns a Configuration or throws a ConfigException whose every error names {@code file:line};
 * nothing else escapes, and each case is over quickly.
 * <p>
 * The mutations aim at what becomes an allocation or a loop (widths and precisions of
 * {@code %(...)} expansions, numprocs, sizes, times, env, globs), not only at the syntax.
 * <p>
 * {@code -Dtaskmaster.fuzz.seed=N} replays a run, {@code -Dtaskmaster.fuzz.cases=N} changes its
 * length; {@code -Dtaskmaster.fuzz.case=I} (with the seed) replays one case. A failing case's files
 * are kept under {@code target/config-fuzz/}.
 */
class ConfigFuzzTest {
    private static final Path CONF = Path.of("..", "conf").toAbsolutePath().normalize();
    private static final int CASES = Integer.getInteger("taskmaster.fuzz.cases", 10_000);
    private static final Integer ONLY_CASE = Integer.getInteger("taskmaster.fuzz.case");
    /** Generous: a case takes about a millisecond. */
    private static final Duration PER_CASE = Duration.ofSeconds(3);

    private static final Pattern ERROR_LINE = Pattern.compile("/\\S[^\\n]*:[1-9][0-9]*: \\S.*");

    /** The shipped files, as paths relative to conf/, and their text. */
    private static final Map<String, String> SHIPPED = shipped();

    private static final String[] NASTY_VALUES = {
        "",
        " ",
        "0",
        "-1",
        "-0",
        "1",
        "+5",
        "007",
        "2147483647",
        "2147483648",
        "-2147483649",
        "9223372036854775807",
        "9223372036854775808",
        "99999999999999999999999999",
        "1e9",
        "0x10",
        "1_000",
        "8589934591GB",
        "9999999999999GB",
        "17179869184KB",
        "1000",
        "1001",
        "999999",
        "1000000",
        "1000001",
        "true",
        "false",
        "yes",
        "off",
        "unexpected",
        "TERM",
        "SIG",
        "SIGKILL",
        "64",
        "0,2,255",
        "256",
        ",",
        "0,,1",
        "NONE",
        "AUTO",
        "-",
        "/dev/stdout",
        "syslog",
        "pipe",
        "/",
        "/nonexistent/dir/file.log",
        "/proc/self/fd/1",
        "..",
        "a\\",
        "\\",
        "\"",
        "'",
        "\"unclosed",
        "A=1,B",
        "A=\"x, y\",B='z'",
        "=",
        "A==",
        "%",
        "%%",
        "%(",
        "%()",
        "%()s",
        "%(process_num)",
        "%(process_num)s",
        "%(process_num)d",
        "%(process_num)999999999d",
        "%(process_num)2147483648d",
        "%(process_num)-999999999d",
        "%(process_num)099999999999999999999d",
        "%(program_name).99999999999s",
        "%(program_name).2147483647s",
        "%(program_name)999999999.1s",
        "%(host_node_name)1000000s",
        "%(ENV_HOME)s",
        "%(ENV_NOPE)s",
        "%(nope)s",
        "%(here)s",
        "%(here)s/%(here)s/%(here)s",
        "%(program_name)s_%(process_num)02d",
        "%(numprocs)d",
        "%(group_name)s",
        "%(process_num)q",
        "%(process_num)#+- 0.3d",
        "%(%(process_num)s)s",
        "x_%(process_num)999999999d",
        "%(process_num)s".repeat(2000),
        "%(here)s".repeat(3000),
        "[",
        "]",
        "{a,b",
        "*",
        "**",
        "/*/*/*/*/*/*",
        "/**",
        "conf.d/[",
        "conf.d/{",
        "conf.d/\\",
        "wörker",
        "程序",
        "😀",
        "a\u0000b",
        "\u200b",
        "\u202e",
        "\uFFFD",
        "é́",
        "A=\u00e9,\u00c9=1",
        "x".repeat(100_000),
        "A=1,".repeat(5000) + "Z=2",
        "0777",
        "8",
        "0o22",
        "778",
        "alice:pw:readwrite,alice:pw:readonly",
        "alice::readwrite",
        "65535",
        "65536",
        "ctlplugin",
    };

    private static final String[] KEYS = keys();

    private static final String[] HEADERS = {
        "[",
        "[]",
        "[ ]",
        "[program:]",
        "[group:]",
        "[group:g]",
        "[include]",
        "[taskmasterd]",
        "[supervisord]",
        "[program:wörker]",
        "[程序]",
        "[a]b]",
        "[fcgi-program:f]",
        "[eventlistener:e]",
        "[program:x:y]",
        "[prog ram]",
        "[😀]",
        "[unix_http_server]",
        "[rpcinterface:x]",
        "[x]  ; c",
        "[x",
    };

    @TempDir
    Path tmp;
    /** The shipped tree, copied once; on tmpfs when there is one, since every case writes files. */
    private Path tree;

    private Path top;

    @BeforeEach
    void copyShippedTree() throws IOException {
        Path shm = Path.of("/dev/shm");
        // One level down, so that "../*" from the top file stays inside this run's own folder.
        top = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "config-fuzz")
                : tmp.resolve("fuzz");
        tree = top.resolve("conf");
        for (var e : SHIPPED.entrySet()) {
            Path p = tree.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue());
        }
        Files.createDirectories(tree.resolve("logs"));
        Files.createDirectories(tree.resolve("run"));
    }

    private static final int MAX_FAILURES = 20;
    private final Map<String, Failure> failures = new LinkedHashMap<>();

    private record Failure(AssertionError first, int count) {}

    private ExecutorService worker = newWorker();

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "config-fuzz-loader");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void stopWorker() throws IOException {
        worker.shutdownNow();
        deleteTree(top);
    }

    @Test
    void theLoaderSurvivesMutationsOfTheShippedConfigs() throws Exception {
        long seed = Long.getLong("taskmaster.fuzz.seed", new Random().nextLong());
        System.out.println("ConfigFuzzTest: seed " + seed + " (-Dtaskmaster.fuzz.seed=" + seed + " replays it), "
                + CASES + " cases");
        Random run = new Random(seed);
        long started = System.nanoTime();
        int loaded = 0;
        int rejected = 0;
        long slowest = 0;
        for (int i = 0; i < CASES; i++) {
            long caseSeed = run.nextLong();
            if (ONLY_CASE != null && ONLY_CASE != i) {
                continue;
            }
            Case c = new Case(i, caseSeed);
            long t0 = System.nanoTime();
            Outcome outcome;
            try {
                outcome = c.run();
            } catch (AssertionError e) {
                c.restore();
                // One example of each kind of failure, and how often it happened.
                String kind = e.getCause() != null
                        ? e.getCause().getClass().getName()
                        : e.getMessage()
                                .replaceAll("^case \\d+ \\(seed -?\\d+\\) ", "")
                                .replaceAll(":.*", "");
                failures.merge(kind, new Failure(e, 1), (a, b) -> new Failure(a.first(), a.count() + 1));
                if (failures.size() >= MAX_FAILURES) {
                    break;
                }
                continue;
            }
            c.restore();
            slowest = Math.max(slowest, System.nanoTime() - t0);
            if (outcome == Outcome.LOADED) {
                loaded++;
            } else {
                rejected++;
            }
        }
        if (!failures.isEmpty()) {
            AssertionError all = new AssertionError(failures.size() + " kinds of failure (seed " + seed + "):\n"
                    + String.join(
                            "\n",
                            failures.entrySet().stream()
                                    .map(f -> f.getValue().count() + " x " + f.getKey() + ", first: "
                                            + f.getValue().first().getMessage())
                                    .toList()));
            failures.values().forEach(f -> all.addSuppressed(f.first()));
            throw all;
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf(
                "ConfigFuzzTest: seed %d, %d cases (%d loaded, %d rejected) in %d ms, slowest case %d ms%n",
                seed, loaded + rejected, loaded, rejected, ms, TimeUnit.NANOSECONDS.toMillis(slowest));
        assertThat(loaded + rejected).isEqualTo(ONLY_CASE == null ? CASES : 1);
        // Most mutations must break something, or the fuzzer is not aiming at anything.
        assertThat(rejected).isGreaterThan((loaded + rejected) / 3);
    }

    private enum Outcome {
        LOADED,
        REJECTED
    }

    /** One mutated copy of the conf/ tree, and the loader run on one of its files. */
    private final class Case {
        private final int index;
        private final long seed;
        private final Random rnd;
        private final Path dir;
        private final Map<String, String> files = new LinkedHashMap<>(SHIPPED);
        private final List<String> mutations = new ArrayList<>();

        Case(int index, long seed) {
            this.index = index;
            this.seed = seed;
            this.rnd = new Random(seed);
            this.dir = tree;
        }

        Outcome run() throws Exception {
            List<String> names = new ArrayList<>(files.keySet());
            String main = names.stream()
                    .filter(n -> !n.contains("conf.d"))
                    .toList()
                    .get(rnd.nextInt((int)
                            names.stream().filter(n -> !n.contains("conf.d")).count()));
            int count = 1 + rnd.nextInt(4);
            for (int m = 0; m < count; m++) {
                // The main file most of the time; the included one sometimes.
                String target = rnd.nextInt(5) == 0 ? "examples/conf.d/queue.conf" : main;
                mutate(target, main);
            }
            writeTree();
            Path mainFile = dir.resolve(main);
            Future<Object> result = worker.submit(() -> {
                try {
                    return new ConfigLoader(TestConfigs.inputs(dir)).load(mainFile);
                } catch (ConfigException e) {
                    return e;
                }
            });
            Object r;
            try {
                r = result.get(PER_CASE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                worker.shutdownNow();
                worker = newWorker();
                throw failure("took over " + PER_CASE.toMillis() + " ms", null);
            } catch (ExecutionException e) {
                throw failure("threw " + e.getCause(), e.getCause());
            }
            if (r instanceof Configuration) {
                return Outcome.LOADED;
            }
            ConfigException e = (ConfigException) r;
            assertThat(e.errors()).isNotEmpty();
            for (ConfigError err : e.errors()) {
                if (err.file() == null
                        || err.line() < 1
                        || !ERROR_LINE.matcher(err.toString()).matches()) {
                    throw failure("an error without file:line: " + err, null);
                }
            }
            for (String line : e.getMessage().lines().skip(1).toList()) {
                if (!ERROR_LINE.matcher(line).matches()) {
                    throw failure("a message line without file:line: " + line, null);
                }
            }
            return Outcome.REJECTED;
        }

        private AssertionError failure(String what, Throwable cause) {
            Path kept = Path.of("target", "config-fuzz", "case-" + index).toAbsolutePath();
            try {
                copyTree(dir, kept);
            } catch (IOException e) {
                // the message still says how to replay it
            }
            return new AssertionError(
                    "case " + index + " (seed " + seed + ") " + what + "; mutations: " + mutations + "; files kept in "
                            + kept,
                    cause);
        }

        private void mutate(String target, String main) {
            List<String> lines = new ArrayList<>(files.get(target).lines().toList());
            if (lines.isEmpty()) {
                lines.add("");
            }
            int at = rnd.nextInt(lines.size());
            int kind = rnd.nextInt(13);
            String note = target + ":" + (at + 1) + " ";
            switch (kind) {
                case 0 -> {
                    byte[] bytes = files.get(target).getBytes(StandardCharsets.UTF_8);
                    int n = 1 + rnd.nextInt(3);
                    for (int k = 0; k < n && bytes.length > 0; k++) {
                        bytes[rnd.nextInt(bytes.length)] ^= (byte) (1 << rnd.nextInt(8));
                    }
                    // Kept as ISO-8859-1 so that the flipped bytes reach the file as they are.
                    files.put(target, new String(bytes, StandardCharsets.ISO_8859_1));
                    mutations.add(note + "flipped " + n + " bits");
                    rawFiles.add(target);
                    return;
                }
                case 1 -> {
                    lines.add(rnd.nextInt(lines.size() + 1), lines.get(at));
                    mutations.add(note + "duplicated");
                }
                case 2 -> {
                    lines.remove(at);
                    mutations.add(note + "dropped");
                }
                case 3 -> {
                    int from = rnd.nextInt(lines.size());
                    lines.set(at, keyOf(lines.get(at)) + " = " + valueOf(lines.get(from)));
                    mutations.add(note + "value of line " + (from + 1) + " moved here");
                }
                case 4, 5, 6 -> {
                    String value = nasty();
                    String line = lines.get(at).contains("=")
                            ? keyOf(lines.get(at)) + " = " + value
                            : KEYS[rnd.nextInt(KEYS.length)] + " = " + value;
                    lines.set(at, line);
                    mutations.add(note + "value " + shorten(value));
                }
                case 7 -> {
                    String line = KEYS[rnd.nextInt(KEYS.length)] + " = " + nasty();
                    lines.add(at, line);
                    mutations.add(note + "inserted " + shorten(line));
                }
                case 8 -> {
                    String value = valueOf(lines.get(at));
                    int pos = value.isEmpty() ? 0 : rnd.nextInt(value.length() + 1);
                    String piece = nasty();
                    lines.set(
                            at, keyOf(lines.get(at)) + " = " + value.substring(0, pos) + piece + value.substring(pos));
                    mutations.add(note + "spliced " + shorten(piece));
                }
                case 9 -> {
                    String header = HEADERS[rnd.nextInt(HEADERS.length)];
                    lines.add(at, header);
                    mutations.add(note + "header " + header);
                }
                case 10 -> {
                    String self = Path.of(target).getFileName().toString();
                    String[] includes = {
                        self,
                        "*.conf",
                        "../" + main,
                        "../*/*.conf",
                        "conf.d/*.conf",
                        "../examples/conf.d/*.conf",
                        "/*/*/*/*/*",
                        "loop.conf",
                        self + " " + self
                    };
                    String files = includes[rnd.nextInt(includes.length)];
                    lines.add(at, "[include]");
                    lines.add(at + 1, "files = " + files);
                    if (files.equals("loop.conf")) {
                        String dirOf = Path.of(target).getParent() == null
                                ? ""
                                : Path.of(target).getParent() + "/";
                        this.files.put(dirOf + "loop.conf", "[include]\nfiles = " + self + " loop.conf\n");
                    }
                    mutations.add(note + "include " + files);
                }
                case 11 -> {
                    String continuation = "    " + nasty();
                    lines.add(Math.min(at + 1, lines.size()), continuation);
                    mutations.add(note + "continuation " + shorten(continuation));
                }
                default -> {
                    // A program section built from random keys and values.
                    List<String> section = new ArrayList<>();
                    section.add(rnd.nextBoolean() ? "[program:fz" + index + "]" : "[fz" + index + "]");
                    section.add("command = sleep 1");
                    int n = 1 + rnd.nextInt(6);
                    for (int k = 0; k < n; k++) {
                        section.add(KEYS[rnd.nextInt(KEYS.length)] + " = " + nasty());
                    }
                    lines.addAll(Math.min(at, lines.size()), section);
                    mutations.add(note + "section " + shorten(String.join(" | ", section)));
                }
            }
            files.put(target, String.join("\n", lines) + "\n");
        }

        private final java.util.Set<String> rawFiles = new java.util.HashSet<>();

        private String nasty() {
            String v = NASTY_VALUES[rnd.nextInt(NASTY_VALUES.length)];
            return rnd.nextInt(8) == 0 ? v + NASTY_VALUES[rnd.nextInt(NASTY_VALUES.length)] : v;
        }

        /** Only the files this case changed or added are written; {@link #restore} puts the tree back. */
        private void writeTree() throws IOException {
            for (var e : files.entrySet()) {
                if (!e.getValue().equals(SHIPPED.get(e.getKey()))) {
                    Files.write(
                            dir.resolve(e.getKey()),
                            e.getValue()
                                    .getBytes(
                                            rawFiles.contains(e.getKey())
                                                    ? StandardCharsets.ISO_8859_1
                                                    : StandardCharsets.UTF_8));
                }
            }
        }

        private void restore() throws IOException {
            for (var e : files.entrySet()) {
                String shipped = SHIPPED.get(e.getKey());
                if (shipped == null) {
                    Files.delete(dir.resolve(e.getKey()));
                } else if (!e.getValue().equals(shipped)) {
                    Files.writeString(dir.resolve(e.getKey()), shipped);
                }
            }
        }
    }

    private static String keyOf(String line) {
        int op = IniScanner.operatorIndex(line);
        return op < 0 ? line.strip() : line.substring(0, op).strip();
    }

    private static String valueOf(String line) {
        int op = IniScanner.operatorIndex(line);
        return op < 0 ? "" : line.substring(op + 1).strip();
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...(" + s.length() + " chars)";
    }

    private static String[] keys() {
        List<String> keys = new ArrayList<>(ProgramKey.allNames());
        keys.addAll(DaemonKey.allNames());
        keys.addAll(List.of("files", "programs", "priority", "nope", "CMD", "Command", "numprocs ", "é"));
        return keys.toArray(String[]::new);
    }

    private static Map<String, String> shipped() {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> all = Files.walk(CONF)) {
            for (Path p : all.filter(p -> p.toString().endsWith(".conf")
                            && !p.startsWith(CONF.resolve("logs"))
                            && !p.startsWith(CONF.resolve("run")))
                    .sorted()
                    .toList()) {
                files.put(CONF.relativize(p).toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        deleteTree(to);
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.createDirectories(q.getParent());
                    Files.copy(p, q);
                }
            }
        }
    }
}
