package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/taskmasterd and bin/taskmasterctl with the AOT cache (bin/lib/aot.sh): a start without a
 * cache prints nothing more and trains one in the background, once even when two starts race; the
 * next daemon maps it; a cache that does not match the jar is refused without a word; a cache
 * folder that cannot be written means no cache, and the start goes on.
 *
 * <p>The scripts run in an install of their own (a temporary folder with bin/ and the jars of this
 * test's classpath in src/target), so the build's own caches play no part.
 */
class AotCacheScriptTest {
    private static final Duration TRAINING = Duration.ofMinutes(6); // a loaded 2-core machine

    @TempDir
    Path dir;

    private Path home;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void install() throws IOException {
        home = dir.resolve("home");
        Path target = Files.createDirectories(home.resolve("src/target"));
        Path lib = Files.createDirectories(target.resolve("lib"));
        copyTree(Path.of(System.getProperty("user.dir")).resolve("../bin").normalize(), home.resolve("bin"));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.endsWith("test-classes")) {
                continue;
            }
            if (Files.isDirectory(p)) {
                Path jar = p.endsWith(Path.of("src", "target", "classes"))
                        ? target.resolve("taskmaster.jar")
                        : lib.resolve(p.getParent().getParent().getFileName() + ".jar");
                zip(p, jar);
            } else if (entry.endsWith(".jar")) {
                Files.copy(p, lib.resolve(p.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        assertThat(target.resolve("taskmaster.jar")).exists();
    }

    @AfterEach
    void sweep() {
        started.forEach(Process::destroyForcibly);
        // The trainer runs in its own session: found by the install's path in its command line.
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(home.toString()))
                .forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aFirstStartIsSilentAndTrainsOnceThenTheDaemonMapsTheCache() throws Exception {
        Path aot = home.resolve("src/target/aot");
        // Two first starts at once: one training between them.
        Process a = script(Map.of(), "taskmasterctl", "--help");
        Process b = script(Map.of(), "taskmasterd", "--version");
        assertThat(finish(a).err).isEmpty();
        Run version = finish(b);
        assertThat(version.err).isEmpty();
        assertThat(version.out).matches("\\S+\n"); // the version alone

        Path daemonCache = Path.of(cachePath("taskmasterd", Map.of()));
        Path ctlCache = Path.of(cachePath("taskmasterctl", Map.of()));
        assertThat(daemonCache.getParent()).isEqualTo(aot);
        await().atMost(TRAINING).until(() -> Files.exists(daemonCache) && Files.exists(ctlCache) && !training());
        assertThat(Files.readString(aot.resolve("train.log")))
                .containsOnlyOnce(": training ")
                .contains("created " + daemonCache, "created " + ctlCache);
        try (Stream<Path> left = Files.list(aot)) { // no training folder or .failed mark is left
            assertThat(left.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.endsWith(".aot") || n.equals("train.log") || n.equals(".train.lock"));
        }

        Daemon d = daemon(Map.of());
        assertThat(Files.readString(Path.of("/proc/" + d.process.pid() + "/maps")))
                .contains(daemonCache.toString());
        Run status = finish(script(Map.of(), "taskmasterctl", "-c", d.conf.toString(), "status"));
        assertThat(status.out).contains("RUNNING");
        assertThat(status.err).isEmpty();
        d.stop();
        assertThat(d.err()).isEmpty();

        // A rebuilt jar looks for another cache; given one that was made for the old jar under the
        // new name, the JVM refuses it, and says nothing.
        try (OutputStream out = Files.newOutputStream(home.resolve("src/target/taskmaster.jar"))) {
            Files.copy(dir.resolve("rebuilt.jar"), out);
        }
        Path stale = Path.of(cachePath("taskmasterd", Map.of()));
        assertThat(stale).isNotEqualTo(daemonCache);
        Files.copy(daemonCache, stale);
        Daemon again = daemon(Map.of());
        assertThat(Files.readString(Path.of("/proc/" + again.process.pid() + "/maps")))
                .doesNotContain(".aot");
        again.stop();
        assertThat(again.err()).isEmpty();
        assertThat(training()).isFalse(); // there was a file for the key: nothing to train
    }

    @Test
    void aCacheFolderThatCannotBeWrittenMeansNoCacheAndNoWord() throws Exception {
        // A path under a regular file: even root cannot create it (the tests may run as root,
        // for whom a read-only mode bit is no obstacle).
        Path file = Files.writeString(dir.resolve("not-a-folder"), "");
        Map<String, String> env =
                Map.of("TASKMASTER_AOT_DIR", file.resolve("aot").toString());
        Daemon d = daemon(env);
        assertThat(Files.readString(Path.of("/proc/" + d.process.pid() + "/maps")))
                .doesNotContain(".aot");
        Run status = finish(script(env, "taskmasterctl", "-c", d.conf.toString(), "status"));
        assertThat(status.out).contains("RUNNING");
        assertThat(status.err).isEmpty();
        d.stop();
        assertThat(d.err()).isEmpty();
        assertThat(training()).isFalse();
        assertThat(home.resolve("src/target/aot")).doesNotExist();
    }

    /**
     * Before: with the cache off, the trainer's question went unanswered and the script went on to
     * start a real daemon, detached, on the shipped config (a demo on port 8778 left behind).
     */
    @Test
    void withTheCacheOffTheTrainersQuestionGetsAnEmptyAnswerAndStartsNothing() throws Exception {
        for (String script : List.of("taskmasterd", "taskmasterctl")) {
            String opts = script.equals("taskmasterd") ? "TASKMASTER_JAVA_OPTS" : "TASKMASTER_CTL_OPTS";
            for (Map<String, String> off : List.of(
                    Map.of("TASKMASTER_AOT", "off"),
                    Map.of(opts, "-XX:+UseSerialGC -XX:AOTCache=/nonexistent.aot"),
                    Map.of("JAVA_TOOL_OPTIONS", "-Xshare:off"))) {
                Map<String, String> env = new java.util.HashMap<>(off);
                env.put("TASKMASTER_AOT_PRINT", "1");
                Process p = script(env, script);
                Run r = finish(p);
                assertThat(r.out).as("%s %s", script, off).isEmpty();
                assertThat(p.exitValue()).as("%s %s", script, off).isZero();
            }
        }
        for (Map<String, String> off : List.of(
                Map.of("TASKMASTER_AOT", "off"), Map.of("TASKMASTER_JAVA_OPTS", "-XX:+UseSerialGC -XX:AOTMode=off"))) {
            Run train = finish(script(off, "lib/aot-train.sh", "--wait"));
            assertThat(train.out).as("%s", off).contains("the AOT cache is off for these options");
        }
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains(home.toString())))
                .as("no daemon of this install was started")
                .isEmpty();
        assertThat(home.resolve("src/target/aot")).doesNotExist();
    }

    private record Run(String out, String err) {}

    private final class Daemon {
        final Path conf;
        final Process process;
        final Path err;

        Daemon(Path conf, Process process, Path err) {
            this.conf = conf;
            this.process = process;
            this.err = err;
        }

        void stop() throws InterruptedException {
            process.destroy(); // SIGTERM: a clean shutdown
            assertThat(process.waitFor()).isZero();
        }

        String err() throws IOException {
            return Files.readString(err);
        }
    }

    /** A real daemon of this install with one program, up once Jolokia has written its URL. */
    private Daemon daemon(Map<String, String> env) throws IOException {
        Path work = Files.createTempDirectory(dir, "d");
        Path conf = Files.writeString(work.resolve("t.conf"), """
            [taskmasterd]
            pidfile = %(here)s/tm.pid
            logfile = %(here)s/tm.log
            jolokia_port = 0

            [one]
            cmd = sleep 600
            starttime = 0
            """);
        Path err = work.resolve("stderr");
        ProcessBuilder pb = builder(env, "taskmasterd", "-n", "-c", conf.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        Process p = pb.start();
        started.add(p);
        await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(work.resolve("tm.pid.url")) || !p.isAlive());
        assertThat(p.isAlive())
                .as("%s", Files.exists(err) ? Files.readString(err) : "")
                .isTrue();
        return new Daemon(conf, p, err);
    }

    private boolean training() {
        return ProcessHandle.allProcesses()
                .anyMatch(p -> p.info()
                        .commandLine()
                        .orElse("")
                        .contains(home.resolve("bin/lib/aot-train.sh").toString()));
    }

    private String cachePath(String script, Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("TASKMASTER_AOT_PRINT", "1");
        Run r = finish(script(all, script));
        assertThat(r.err).isEmpty();
        return r.out.strip();
    }

    private Process script(Map<String, String> env, String script, String... args) throws IOException {
        Process p = builder(env, script, args).start();
        started.add(p);
        return p;
    }

    private ProcessBuilder builder(Map<String, String> env, String script, String... args) {
        List<String> cmd =
                new ArrayList<>(List.of(home.resolve("bin").resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("TASKMASTER_") || k.endsWith("JAVA_OPTIONS"));
        pb.environment().putAll(env);
        return pb;
    }

    private static Run finish(Process p) throws Exception {
        p.getOutputStream().close();
        // Both streams are small (a help text at most): read one after the other.
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return new Run(out, err);
    }

    /** Zips a classes folder into a jar; for taskmaster.jar also rebuilt.jar, the same plus an entry. */
    private void zip(Path classes, Path jar) throws IOException {
        zip(classes, jar, null);
        if (jar.endsWith("taskmaster.jar")) {
            zip(classes, dir.resolve("rebuilt.jar"), "rebuilt");
        }
    }

    private static void zip(Path classes, Path jar, String extra) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new ZipEntry(classes.relativize(f).toString()));
                Files.copy(f, out);
                out.closeEntry();
            }
            if (extra != null) {
                out.putNextEntry(new ZipEntry(extra));
                out.closeEntry();
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Path t = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
