package taskmaster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * A real daemon: its programs start with their {@code rlimit_*} (read back from
 * {@code /proc/PID/limits}), a reload of an rlimit relaunches the program with the new one, and a
 * limit Linux refuses is a spawn error naming the key. One daemon for the class.
 */
class ResourceLimitsDaemonTest {
    private static final String LIMITED = "taskmaster:type=Process,program=limited,name=limited";
    private static final String REFUSED = "taskmaster:type=Process,program=refused,name=refused";
    private static final String SUPERVISOR = "taskmaster:type=Supervisor";

    @TempDir
    static Path dir;

    private static TestDaemon d;

    /** Above Linux's cap on open files (fs.nr_open): refused even to root. */
    private static final long TOO_MANY = nrOpen() + 1;

    private static long nrOpen() {
        try {
            return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/nr_open")).getFirst().strip());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String programs(String nofile) {
        return """
            [limited]
            cmd = sleep 100000
            starttime = 0
            stoptime = 2
            rlimit_nofile = %s
            rlimit_core = 0

            [refused]
            cmd = sleep 100000
            starttime = 0
            startretries = 0
            rlimit_nofile = 256:%d
            """.formatted(nofile, TOO_MANY);
    }

    @BeforeAll
    static void start() throws Exception {
        d = TestDaemon.in(Files.createDirectories(dir.resolve("daemon")))
                .programs(programs("256:512"))
                .start()
                .awaitUrl();
    }

    @AfterAll
    static void stop() throws Exception {
        if (d != null) {
            d.close();
        }
    }

    private static long pid(String mbean) {
        return ((Number) d.read(mbean, "Pid")).longValue();
    }

    /** The soft and hard columns of a line of /proc/PID/limits. */
    private static List<String> limits(long pid, String name) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith(name)) {
                String[] cols = line.substring(name.length()).trim().split("\\s+");
                return List.of(cols[0], cols[1]);
            }
        }
        throw new AssertionError("no " + name + " in /proc/" + pid + "/limits");
    }

    @Test
    void theProgramRunsWithItsLimitsAndAReloadOfOneRelaunchesIt() throws Exception {
        d.awaitState(LIMITED, "RUNNING");
        long first = pid(LIMITED);
        assertThat(Files.readString(Path.of("/proc/" + first + "/comm")).strip()).isEqualTo("sleep");
        assertThat(limits(first, "Max open files")).containsExactly("256", "512");
        assertThat(limits(first, "Max core file size")).containsExactly("0", "0");

        d.writePrograms(programs("128:1024"));
        d.exec(SUPERVISOR, "reload");
        await().atMost(TestDaemon.BOUND).until(() -> {
            long now = pid(LIMITED);
            return now != 0 && now != first && "RUNNING".equals(d.read(LIMITED, "State"));
        });
        long second = pid(LIMITED);
        assertThat(limits(second, "Max open files")).containsExactly("128", "1024");
        assertThat(limits(second, "Max core file size")).containsExactly("0", "0");
    }

    @Test
    void aLimitLinuxRefusesIsASpawnErrorNamingTheKey() {
        String why = "can't set rlimit_nofile = 256:" + TOO_MANY + ": the hard limit is above fs.nr_open";
        d.awaitLog("spawnerr: refused: " + why);
        d.awaitState(REFUSED, "FATAL");
        assertThat((String) d.read(REFUSED, "SpawnError")).startsWith(why);
    }
}
