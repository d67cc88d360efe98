package taskmaster.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's supervisor package (its Python modules under {@code /usr/bin/python3}) for tests
 * that compare with it. Fails, never skips, when it is not installed: CI installs it.
 */
final class SupervisorPython {
    private SupervisorPython() {}

    static final Path PYTHON = Path.of("/usr/bin/python3");

    static Path resource(String name) {
        try {
            return Path.of(SupervisorPython.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource missing: " + name, e);
        }
    }

    static void assertInstalled() {
        assertThat(Files.isExecutable(PYTHON))
                .as("/usr/bin/python3 is missing: install Debian's supervisor package")
                .isTrue();
        assertThat(Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/supervisor")))
                .as("supervisor's Python package is missing: apt-get install supervisor")
                .isTrue();
    }

    /** Runs a script with {@code input} on its stdin; its stdout lines. */
    static List<String> run(Path script, String input) throws IOException, InterruptedException {
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
}
