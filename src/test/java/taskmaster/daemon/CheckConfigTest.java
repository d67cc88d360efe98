package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code taskmasterd --check-config} on the shipped files and on broken ones. */
class CheckConfigTest {

    record Run(int code, String out, String err) {}

    static Run main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The repository's conf/ folder, found from the module folder the tests run in. */
    static Path confDir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("conf/taskmaster.conf"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException(
                    "conf/taskmaster.conf not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("conf");
    }

    static Stream<Path> shippedConfigs() throws Exception {
        try (Stream<Path> examples = Files.list(confDir().resolve("examples"))) {
            List<Path> files = examples.filter(f -> f.toString().endsWith(".conf"))
                    .sorted()
                    .toList();
            return Stream.concat(Stream.of(confDir().resolve("taskmaster.conf")), files.stream());
        }
    }

    @ParameterizedTest
    @MethodSource("shippedConfigs")
    void everyShippedConfigurationPasses(Path file) {
        Run r = main("--check-config", "-c", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains(": OK, ");
    }

    @Test
    void theDemoHasACounterAPoolAFlakyAndAManualProgram() {
        Run r = main(
                "--check-config", "-c", confDir().resolve("taskmaster.conf").toString());
        assertThat(r.out()).contains("counter", "worker", "flaky", "manual");
    }

    @Test
    void errorsAreListedWithFileAndLineAndTheExitCodeIsTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, """
            [web]
            cmd = sleep 1
            numprocs = many
            """);
        Run r = main("--check-config", "-c", bad.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":3:", "numprocs", "'many'");
    }

    @Test
    void versionAndHelpAndBadUsage() {
        assertThat(main("--version").out().trim()).isNotEmpty().isNotEqualTo("unknown");
        Run help = main("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("--check-config", "--nodaemon", "Exit codes");
        assertThat(main("--bogus").code()).isEqualTo(2);
        assertThat(main("-c", "/nonexistent/x.conf").code()).isEqualTo(2);
    }
}
