package taskmaster.it;

import taskmaster.testing.Procs;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A real taskmasterd in its own JVM, so tests can send it signals. */
final class DaemonProcess implements AutoCloseable {

    static final Duration BOUND = Duration.ofSeconds(60);

    final Process process;
    final Path log;
    final Path console;

    private DaemonProcess(Process process, Path log, Path console) {
        this.process = process;
        this.log = log;
        this.console = console;
    }

    /** Starts {@code taskmasterd -n -c conf} (plus {@code extra}) with output to a file. */
    static DaemonProcess start(Path conf, Path log, String... extra) throws IOException {
        Path console = conf.resolveSibling("console.out");
        ProcessBuilder pb = new ProcessBuilder(command(conf, extra));
        pb.environment().put("_JAVA_SR_SIGNUM", "39"); // as bin/taskmasterd sets it
        Process p = pb
                .redirectErrorStream(true)
                .redirectOutput(console.toFile())
                .start();
        return new DaemonProcess(p, log, console);
    }

    static List<String> command(Path conf, String... extra) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("taskmaster.daemon.Main");
        cmd.add("-c");
        cmd.add(conf.toString());
        cmd.addAll(List.of(extra));
        return cmd;
    }

    long pid() {
        return process.pid();
    }

    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the event log has a line matching {@code regex}; returns the first group or the line. */
    String awaitLog(String regex) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        String[] found = new String[1];
        await().atMost(BOUND).pollInterval(Duration.ofMillis(20)).until(() -> {
            Matcher m = p.matcher(logText());
            if (m.find()) {
                found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                return true;
            }
            return false;
        });
        return found[0];
    }

    /** Counts lines matching {@code regex}. */
    long count(String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(logText());
        long n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    void signal(String sig) throws IOException, InterruptedException {
        Procs.signal(pid(), sig);
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("taskmasterd did not exit; log:\n" + logText());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws Exception {
        Procs.stop(process);
    }
}
