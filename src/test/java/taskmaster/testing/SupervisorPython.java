package taskmaster.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import taskmaster.testing.RealSupervisord.Run;

/**
 * Runs Debian's supervisor package (its Python modules under {@code /usr/bin/python3}; the
 * python3 on PATH may lack them) for tests that compare with it. Fails, never skips, when it is
 * not installed: CI installs it.
 */
public final class SupervisorPython {
    private SupervisorPython() {}

    public static final Path PYTHON = Path.of("/usr/bin/python3");

    /** A test resource next to {@code anchor}'s class file, as a file a script or a config can name. */
    public static Path resource(Class<?> anchor, String name) {
        try {
            return Path.of(anchor.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource missing: " + name, e);
        }
    }

    public static void assertInstalled() {
        assertThat(Files.isExecutable(PYTHON))
                .as("/usr/bin/python3 is missing: install Debian's supervisor package")
                .isTrue();
        assertThat(Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/supervisor")))
                .as("supervisor's Python package is missing: apt-get install supervisor")
                .isTrue();
    }

    /** Runs a script with {@code input} on its stdin; its stdout lines. */
    public static List<String> run(Path script, String input) throws IOException, InterruptedException {
        assertInstalled();
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed", script).isZero();
        return out.lines().toList();
    }

    /**
     * Writes {@code text} to {@code file} and runs it with {@code args} (bounded, stdin closed);
     * what it printed, stdout and stderr together. Fails unless it exits 0.
     */
    public static String script(Path file, String text, String... args) throws IOException, InterruptedException {
        assertInstalled();
        Files.writeString(file, text);
        Path out = file.resolveSibling(file.getFileName() + ".out");
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), file.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(file + " did not end; it printed:\n" + Files.readString(out));
        }
        String printed = Files.readString(out);
        assertThat(p.exitValue()).as(printed).isZero();
        return printed;
    }

    /**
     * supervisord's own parser on {@code conf} ({@code supervisord_parse.py}, in {@code workDir}
     * with {@code env} added to this environment): in mode {@code processes} or {@code listeners},
     * what it prints (stdout and stderr) and its exit code, 0 when supervisord accepts the file, 3
     * when it refuses it (the message printed).
     */
    public static Run parse(String mode, Path conf, Path workDir, Map<String, String> env)
            throws IOException, InterruptedException {
        assertInstalled();
        ProcessBuilder pb = new ProcessBuilder(
                        PYTHON.toString(),
                        resource(SupervisorPython.class, "supervisord_parse.py").toString(),
                        mode,
                        conf.toString())
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("supervisord's parser on %s", conf)
                .isTrue();
        return new Run(out, p.exitValue());
    }
}
