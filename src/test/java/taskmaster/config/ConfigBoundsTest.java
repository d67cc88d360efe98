package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression tests for what {@link ConfigFuzzTest} found, and for the bounds that make each class
 * of them impossible: no value, however large or broken, becomes an exception other than a
 * ConfigException, an unbounded allocation, or an error without its file and line.
 */
@Timeout(30)
class ConfigBoundsTest {
    @TempDir
    Path dir;

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": ";
    }

    /** Reproduced on main: --check-config died with OutOfMemoryError, a SIGHUP logged nothing. */
    @Test
    void aHugeWidthIsAnErrorNotAnOutOfMemoryError() {
        assertThat(TestConfigs.errors(
                        dir, "[program:x]\ncommand = sleep 1\nprocess_name = x_%(process_num)999999999d\n"))
                .containsExactly(at(3) + "[program:x] process_name: the width 999999999 of '%(process_num)' in"
                        + " 'x_%(process_num)999999999d' is too large (allowed: a width from 0 to 1024)");
    }

    /** Found by the fuzzer: String.format threw IllegalFormatWidthException. */
    @Test
    void aWidthBeyondAnIntIsAnError() {
        assertThat(TestConfigs.errors(dir, "[x]\ncmd = sleep 1\nstdout = /tmp/%(process_num)2147483648d\n"))
                .singleElement()
                .asString()
                .startsWith(at(3) + "[x] stdout: the width 2147483648 of '%(process_num)'");
    }

    /** Found while bounding widths: Integer.parseInt of the precision threw NumberFormatException. */
    @Test
    void aPrecisionBeyondAnIntIsAnError() {
        assertThat(TestConfigs.errors(dir, "[x]\ncmd = echo %(program_name).99999999999s\n"))
                .singleElement()
                .asString()
                .startsWith(at(2) + "[x] cmd: the precision 99999999999 of '%(program_name)'");
    }

    @Test
    void widthsUpToTheBoundStillWork() throws ConfigException {
        var p = TestConfigs.load(dir, "[x]\ncmd = echo %(process_num)01024d %(program_name).1024s\n")
                .processes()
                .getFirst();
        assertThat(p.argv().get(1)).hasSize(1024).endsWith("0");
        assertThat(p.argv().get(2)).isEqualTo("x");
    }

    /**
     * Found by the fuzzer: a control character before a header. ini4j trims it and reads a
     * section the pre-scan had taken for a key, so the section's errors had no line.
     */
    @Test
    void aControlCharacterIsAnErrorWithItsLine() {
        assertThat(TestConfigs.errors(dir, "[x]\ncmd = sleep 1\n\u000e[group:g]\nprograms = x\n"))
                .contains(at(3) + "[x] control character U+000E at column 1 (allowed: printable text and tabs)")
                .allSatisfy(e -> assertThat(e).matches(".*main\\.conf:[1-9][0-9]*: .*"));
    }

    @Test
    void invalidUtf8NamesItsLine() throws IOException {
        Path main = dir.resolve("main.conf");
        Files.write(main, new byte[] {'[', 'x', ']', '\n', 'c', 'm', 'd', '=', (byte) 0xC3, '\n'});
        assertThatThrownBy(() -> new ConfigLoader(TestConfigs.inputs(dir)).load(main))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        at(2) + "cannot read: not valid UTF-8 text, at byte 9 (allowed: a UTF-8 text file)");
    }

    @Test
    void aFileLargerThanTheBoundIsAnError() throws IOException {
        Path main = dir.resolve("main.conf");
        Files.writeString(main, "[x]\ncmd = sleep 1\n; " + "x".repeat(4 << 20) + "\n");
        assertThatThrownBy(() -> new ConfigLoader(TestConfigs.inputs(dir)).load(main))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(at(1) + "cannot read: larger than 4194304 bytes");
    }

    /**
     * Found by the fuzzer (seed 396768131368105931, case 7974): {@code files = /*}{@code /* ...}
     * reached {@code /proc/kmsg}, whose read blocks until the kernel logs something; the load never
     * ended. Files on the kernel's filesystems are refused before they are opened.
     */
    @Test
    void aFileOnAKernelFilesystemIsAnErrorNotAHang() {
        assertThat(TestConfigs.errors(dir, "[include]\nfiles = /proc/kmsg /proc/self/status\n[x]\ncmd = sleep 1\n"))
                .containsExactly(
                        "/proc/kmsg:1: cannot read: on the kernel's proc filesystem, whose files are made as they are"
                                + " read and can block a reader for ever (allowed: a configuration file on a disk or"
                                + " tmpfs)",
                        "/proc/self/status:1: cannot read: on the kernel's proc filesystem, whose files are made as"
                                + " they are read and can block a reader for ever (allowed: a configuration file on a"
                                + " disk or tmpfs)");
    }

    /** The fuzzer's case itself: a glob over the whole root ends, with every error at its file:line. */
    @Test
    void theFuzzersGlobOverTheRootEnds() {
        assertThat(TestConfigs.errors(dir, "[include]\nfiles = /*/*/ */*/*\n[x]\ncmd = sleep 1\n"))
                .isNotEmpty()
                .allMatch(e -> e.matches("/\\S[^\\n]*:[1-9][0-9]*: \\S.*"), "names file:line")
                .anyMatch(e -> e.startsWith("/proc/") && e.contains("on the kernel's proc filesystem"));
    }

    /** Before: PatternSyntaxException escaped the loader. */
    @Test
    void aBrokenGlobIsAnError() {
        assertThat(TestConfigs.errors(dir, "[include]\nfiles = conf.d/[a\n[x]\ncmd = sleep 1\n"))
                .singleElement()
                .asString()
                .startsWith(at(2) + "[include] files: '" + dir.resolve("conf.d/[a") + "' is not a valid glob: ");
        assertThat(TestConfigs.errors(dir, "[include]\nfiles = conf.d/*[!\n[x]\ncmd = sleep 1\n"))
                .singleElement()
                .asString()
                .contains("is not a valid glob");
    }

    /** Before: the walk went through the whole disk, /proc included. */
    @Test
    void aGlobOverTheWholeDiskIsRefusedQuickly() {
        long t0 = System.nanoTime();
        assertThat(TestConfigs.errors(dir, "[include]\nfiles = /*/*/*/*/*/*/*\n[x]\ncmd = sleep 1\n"))
                .containsExactly(at(2) + "[include] files: '/*/*/*/*/*/*/*' reaches more than 10000 paths"
                        + " (allowed: a glob over a few directories, like conf.d/*.conf)");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aValueLongerThanExecAcceptsIsAnError() {
        assertThat(TestConfigs.errors(dir, "[x]\ncmd = echo " + "%(here)s".repeat(20_000) + "\n"))
                .singleElement()
                .asString()
                .startsWith(at(2) + "[x] cmd: 'echo %(here)s")
                .endsWith("expands to more than 131072 characters (allowed: values up to 131072 characters once"
                        + " expanded, the longest argument exec accepts)");
    }

    /** numprocs multiplies every value: 1000 processes of a 100,000-character command would be 200 MB. */
    @Test
    void numprocsTimesLongValuesIsBounded() {
        long t0 = System.nanoTime();
        assertThat(TestConfigs.errors(
                        dir,
                        "[x]\ncmd = echo " + "y".repeat(100_000)
                                + "\nnumprocs = 1000\nprocess_name = x_%(process_num)s\n"))
                .anySatisfy(e -> assertThat(e)
                        .startsWith(at(2) + "[x] cmd: the configuration expands to more than"
                                + " 16777216 characters in all"));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aLargeDaemonEnvironmentTimesNumprocsIsBounded() {
        String env = String.join(
                ",",
                java.util.stream.IntStream.range(0, 20_000)
                        .mapToObj(i -> "V" + i + "=1")
                        .toList());
        assertThat(TestConfigs.errors(
                        dir,
                        "[taskmasterd]\nenvironment = " + env
                                + "\n[x]\ncmd = sleep 1\nnumprocs = 1000\nprocess_name = x_%(process_num)s\n"))
                .anySatisfy(e -> assertThat(e).contains("the configuration expands to more than 16777216 characters"));
    }

    /** A rotation renames every backup: two billion of them would hang the output thread. */
    @Test
    void backupsAreBounded() {
        assertThat(TestConfigs.errors(
                        dir, "[x]\ncmd = sleep 1\nstdout = out.log\nstdout_logfile_backups = 2147483647\n"))
                .containsExactly(at(4) + "[x] stdout_logfile_backups: '2147483647' is out of range"
                        + " (allowed: an integer from 0 to 1000)");
        assertThat(TestConfigs.errors(dir, "[taskmasterd]\nlogfile_backups = 1001\n[x]\ncmd = sleep 1\n"))
                .singleElement()
                .asString()
                .endsWith("(allowed: an integer from 0 to 1000)");
    }

    /**
     * startretries + 1 attempts overflowed to a negative number: the first failed start was FATAL.
     * The largest int now means "retry without end" (the engine never adds one to it: EngineTest),
     * and so does any larger count, as supervisord's files use them.
     */
    @Test
    void startRetriesCannotOverflow() throws ConfigException {
        assertThat(TestConfigs.load(dir, "[x]\ncmd = sleep 1\nstartretries = 2147483647\n")
                        .processes()
                        .getFirst()
                        .startRetries())
                .isEqualTo(taskmaster.model.ProcessSpec.UNLIMITED_RETRIES);
        assertThat(TestConfigs.load(dir, "[x]\ncmd = sleep 1\nstartretries = 2147483646\n")
                        .processes()
                        .getFirst()
                        .startRetries())
                .isEqualTo(Integer.MAX_VALUE - 1);
    }

    @Test
    void aHugeUnknownKeyIsReportedQuicklyAndQuotedShort() {
        String key = "k".repeat(100_000);
        long t0 = System.nanoTime();
        assertThat(TestConfigs.errors(dir, "[x]\ncmd = sleep 1\n" + key + " = 1\n"))
                .singleElement()
                .asString()
                .startsWith(at(3) + "[x] " + key + ": unknown key (allowed: cmd, command");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void longValuesAreCutInMessages() {
        assertThat(TestConfigs.errors(dir, "[x]\ncmd = sleep 1\nautostart = " + "z".repeat(5000) + "\n"))
                .singleElement()
                .asString()
                .isEqualTo(at(3) + "[x] autostart: '" + "z".repeat(200)
                        + "...' (5000 characters) is not a boolean (allowed: true/false, yes/no, on/off, 1/0)");
    }

    @Test
    void aFileThatIncludesItselfIsReadOnce() throws ConfigException {
        var c = TestConfigs.load(
                dir,
                "[include]\nfiles = main.conf *.conf ../" + dir.getFileName() + "/main.conf\n"
                        + "[x]\ncmd = sleep 1\n");
        assertThat(c.files()).containsExactly(dir.resolve("main.conf"));
        assertThat(c.processes()).hasSize(1);
    }
}
