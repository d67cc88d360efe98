package taskmaster.jconsole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.management.JMX;
import javax.management.remote.JMXConnector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.jconsole.driver.ScreenshotDriver;
import taskmaster.mbeans.ObjectNames;
import taskmaster.mbeans.SupervisorMXBean;
import taskmaster.testing.Procs;
import taskmaster.testing.TestDaemon;

/**
 * Real JConsole, with the packaged plugin jar, under a virtual display (Xvfb), connected to a real
 * daemon's RMI port: the "Taskmaster" tab must appear with the daemon's processes. The screenshot
 * is kept as {@code target/jconsole-taskmaster.png}. Fails when the tab never shows its rows, or
 * shows them without their health, wanted, CPU % and RSS columns.
 */
class JConsoleIT {

    static final String PROGRAMS = """
        [web]
        cmd = sleep 100000
        starttime = 0
        [worker]
        cmd = sleep 100000
        starttime = 0
        [idle]
        cmd = sleep 100000
        autostart = false
        """;

    @Test
    void jconsoleShowsTheTaskmasterTabWithTheDaemonsProcesses(@TempDir Path dir) throws Exception {
        Path xvfb = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator))
                .map(p -> Path.of(p, "Xvfb"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        Assumptions.assumeTrue(xvfb != null, "Xvfb is not installed (.ci/run installs it)");
        Path jar = Path.of(System.getProperty("taskmaster.plugin.jar"));
        assertThat(jar).exists();
        Path target = Path.of(System.getProperty("taskmaster.target"));
        Path shot = target.resolve("jconsole-taskmaster.png");
        Path done = shot.resolveSibling(shot.getFileName() + ".done");
        Files.deleteIfExists(shot);
        Files.deleteIfExists(done);
        Files.deleteIfExists(shot.resolveSibling(shot.getFileName() + ".shown"));

        Process x = null;
        Process jconsole = null;
        try (TestDaemon daemon = TestDaemon.in(dir)
                .jolokiaOff()
                .jmx("")
                .keys("sample_interval = 1")
                .jvm(List.of("-Xmx128m"))
                .programs(PROGRAMS)
                .start()) {
            // -displayfd: Xvfb picks a free display itself and writes its number to stdout.
            x = new ProcessBuilder(
                            xvfb.toString(), "-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "1280x900x24")
                    .redirectError(dir.resolve("xvfb.err").toFile())
                    .start();
            BufferedReader out = new BufferedReader(new InputStreamReader(x.getInputStream(), StandardCharsets.UTF_8));
            String display = CompletableFuture.supplyAsync(() -> {
                        try {
                            return out.readLine();
                        } catch (IOException e) {
                            return null;
                        }
                    })
                    .get(60, TimeUnit.SECONDS);
            assertThat(display)
                    .as("Xvfb display (stderr: %s)", Files.readString(dir.resolve("xvfb.err")))
                    .matches("\\d+");

            daemon.awaitJmx();
            // No jmx_users: the daemon's generated credential, one line user:password.
            String[] login =
                    Files.readString(dir.resolve("tm.pid.secret")).strip().split(":", 2);
            // Two samples of the running processes (CPU % needs two) before JConsole's first snapshot.
            try (JMXConnector c = daemon.connect(login[0], login[1])) {
                SupervisorMXBean s = JMX.newMXBeanProxy(
                        c.getMBeanServerConnection(), ObjectNames.SUPERVISOR, SupervisorMXBean.class);
                await().atMost(TestDaemon.BOUND)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> s.getResources().stream()
                                .filter(r -> !r.name().equals("idle"))
                                .allMatch(r -> r.sampledAt() > 0 && r.memoryRss() > 0 && r.cpuPercent() >= 0));
            }
            Path driver = driverJar(dir);
            Path jconsoleBin = Path.of(System.getProperty("java.home"), "bin", "jconsole");
            ProcessBuilder pb = new ProcessBuilder(
                            jconsoleBin.toString(),
                            "-J-Xmx256m",
                            "-J-Dtaskmaster.driver.screenshot=" + shot,
                            "-J-Dtaskmaster.driver.user=" + login[0],
                            "-J-Dtaskmaster.driver.url=" + daemon.serviceUrl,
                            "-J-Dtaskmaster.driver.password=" + login[1],
                            "-J-javaagent:" + driver,
                            "-pluginpath",
                            jar + File.pathSeparator + driver,
                            daemon.serviceUrl)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jconsole.out").toFile());
            pb.environment().put("DISPLAY", ":" + display);
            jconsole = pb.start();
            Process jc = jconsole;
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        if (!jc.isAlive()) {
                            throw new AssertionError("jconsole exited " + jc.exitValue() + ":\n"
                                    + Files.readString(dir.resolve("jconsole.out")));
                        }
                        return Files.exists(done);
                    });
            List<String> rows = Files.readAllLines(done);
            assertThat(rows).hasSize(3);
            // Name, Program, State, Health (NONE: no check), Wanted (and where it comes from), Pid, ...
            assertThat(rows)
                    .anySatisfy(r -> assertThat(r).startsWith("web\tweb\tRUNNING\tNONE\tup (config)\t"))
                    .anySatisfy(r -> assertThat(r).startsWith("worker\tworker\tRUNNING\tNONE\tup (config)\t"))
                    .anySatisfy(r -> assertThat(r).startsWith("idle\tidle\tSTOPPED\tNONE\tdown (config)\t"));
            // The CPU % and RSS columns, as the user reads them: one decimal, binary units; blank
            // for a process that does not run.
            List<String> shown = Files.readAllLines(shot.resolveSibling(shot.getFileName() + ".shown"));
            assertThat(shown.get(0).split("\t"))
                    .containsSubsequence("Uptime", "CPU %", "RSS", "Restarts")
                    .hasSize(11);
            int cpu = List.of(shown.get(0).split("\t")).indexOf("CPU %");
            for (String line : shown.subList(1, shown.size())) {
                String[] cells = line.split("\t", -1);
                boolean running = cells[2].equals("RUNNING");
                assertThat(cells[cpu]).as(line).matches(running ? "\\d+\\.\\d" : "");
                assertThat(cells[cpu + 1]).as(line).matches(running ? "[\\d.]+ (B|KiB|MiB|GiB)" : "");
            }
            System.out.println("jconsole, the Taskmaster tab as shown:\n" + String.join("\n", shown));
            BufferedImage png = ImageIO.read(shot.toFile());
            assertThat(png.getWidth()).isGreaterThan(400);
            assertThat(png.getHeight()).isGreaterThan(300);
        } finally {
            Procs.kill(jconsole);
            // Kept for a failed run: what jconsole said, and what the daemon logged.
            for (String f : List.of("jconsole.out", "tm.log")) {
                if (Files.exists(dir.resolve(f))) {
                    Files.copy(
                            dir.resolve(f),
                            target.resolve("jconsole-it-" + f),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Procs.kill(x);
        }
    }

    /** The driver plugin alone in a jar, with its service file. */
    static Path driverJar(Path dir) throws Exception {
        Path classes = Path.of(ScreenshotDriver.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        String pkg = ScreenshotDriver.class.getPackageName().replace('.', '/');
        Path jar = dir.resolve("driver.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", ScreenshotDriver.class.getName());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
                Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.toList()) {
                out.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                Files.copy(f, out);
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("META-INF/services/com.sun.tools.jconsole.JConsolePlugin"));
            out.write((ScreenshotDriver.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
