package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Resources;
import taskmaster.model.Rlimit;
import taskmaster.model.Rlimit.Resource;
import taskmaster.model.UsageLimits;

/** memory_limit, cpu_limit, limit_window and the rlimit_* keys, in both dialects. */
class ResourceKeysTest {
    @TempDir
    Path dir;

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": ";
    }

    private Resources resources(String text) throws ConfigException {
        return TestConfigs.load(dir, text).processes().getFirst().resources();
    }

    @Test
    void withoutTheKeysThereAreNoLimitsInEitherDialect() throws ConfigException {
        assertThat(resources("[web]\ncmd = sleep 1\n")).isEqualTo(Resources.NONE);
        assertThat(resources("[program:web]\ncommand = sleep 1\n")).isEqualTo(Resources.NONE);
    }

    @Test
    void theUsageLimitsAreRead() throws ConfigException {
        assertThat(resources("[web]\ncmd = sleep 1\nmemory_limit = 512MB\ncpu_limit = 90%\nlimit_window = 5\n")
                        .limits())
                .isEqualTo(new UsageLimits(512L << 20, 90, 5));
        assertThat(resources("[program:web]\ncommand = sleep 1\nmemory_limit = 2GB\ncpu_limit = 250\n")
                        .limits())
                .isEqualTo(new UsageLimits(2L << 30, 250, UsageLimits.DEFAULT_WINDOW));
        assertThat(resources("[web]\ncmd = x\nmemory_limit = 64kb\ncpu_limit = 0\n")
                        .limits())
                .isEqualTo(new UsageLimits(64 << 10, 0, 3));
    }

    @Test
    void theRlimitsAreReadAsNSoftHardOrUnlimitedWithUnitsForBytes() throws ConfigException {
        Resources r = resources("""
            [program:web]
            command = sleep 1
            rlimit_nofile = 256:512
            rlimit_core = 0
            rlimit_as = 1GB:unlimited
            rlimit_nproc = unlimited
            rlimit_cpu = 60:120
            rlimit_stack = 8MB
            rlimit_memlock = 64KB
            rlimit_fsize = 100MB:1GB
            rlimit_data = unlimited:unlimited
            rlimit_rtprio = 0
            """);
        assertThat(r.limits()).isEqualTo(UsageLimits.NONE);
        assertThat(r.rlimits())
                .containsExactlyInAnyOrder(
                        new Rlimit(Resource.NOFILE, 256, 512),
                        new Rlimit(Resource.CORE, 0, 0),
                        new Rlimit(Resource.AS, 1L << 30, Rlimit.UNLIMITED),
                        new Rlimit(Resource.NPROC, Rlimit.UNLIMITED, Rlimit.UNLIMITED),
                        new Rlimit(Resource.CPU, 60, 120),
                        new Rlimit(Resource.STACK, 8L << 20, 8L << 20),
                        new Rlimit(Resource.MEMLOCK, 64 << 10, 64 << 10),
                        new Rlimit(Resource.FSIZE, 100L << 20, 1L << 30),
                        new Rlimit(Resource.DATA, Rlimit.UNLIMITED, Rlimit.UNLIMITED),
                        new Rlimit(Resource.RTPRIO, 0, 0));
    }

    @Test
    void badValuesNameTheFileLineKeyValueAndWhatIsAllowed() {
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nrlimit_nofile = 512:256\n"))
                .containsExactly(at(3) + "[web] rlimit_nofile: '512:256' has a soft limit above its hard limit"
                        + " (allowed: N, SOFT:HARD or unlimited, each a whole number (not unlimited: Linux caps open"
                        + " files at fs.nr_open); N sets both)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nrlimit_core = unlimited:0\n"))
                .containsExactly(at(3) + "[web] rlimit_core: 'unlimited:0' has a soft limit above its hard limit"
                        + " (allowed: N, SOFT:HARD or unlimited, each a size with an optional KB, MB or GB suffix,"
                        + " like 64MB; N sets both)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nrlimit_nofile = unlimited\n"))
                .singleElement()
                .asString()
                .startsWith(at(3) + "[web] rlimit_nofile: 'unlimited' cannot be unlimited (allowed: ");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nrlimit_cpu = 1MB\n"))
                .containsExactly(at(3) + "[web] rlimit_cpu: '1MB' is not a limit (allowed: N, SOFT:HARD or"
                        + " unlimited, each a number of seconds; N sets both)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nrlimit_nproc = -1\n"))
                .singleElement()
                .asString()
                .startsWith(at(3) + "[web] rlimit_nproc: '-1' is out of range (allowed: ");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nmemory_limit = lots\n"))
                .containsExactly(at(3) + "[web] memory_limit: 'lots' is not a byte size (allowed: a whole number of"
                        + " bytes with an optional KB, MB or GB suffix, like 50MB)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\ncpu_limit = 90 percent\n"))
                .containsExactly(at(3) + "[web] cpu_limit: '90 percent' is not a percentage (allowed: a percentage"
                        + " of one core from 0 to 10000, like 90% or 250%; 0: none)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\ncpu_limit = 20000%\n"))
                .singleElement()
                .asString()
                .contains("'20000%' is out of range");
        assertThat(TestConfigs.errors(dir, "[program:web]\ncommand = x\nlimit_window = 0\n"))
                .containsExactly(
                        at(3) + "[program:web] limit_window: '0' is out of range (allowed: an integer from 1 up)");
    }

    @Test
    void aMemoryLimitBeyondEveryProcessIsTakenAsTheLargestWithAWarningThatSaysSo() throws ConfigException {
        var c = TestConfigs.load(dir, "[web]\ncmd = x\nmemory_limit = 99999999999999GB\n");
        assertThat(c.processes().getFirst().resources().limits().memoryBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(c.warnings())
                .singleElement()
                .asString()
                .contains("memory_limit: '99999999999999GB' is taken as " + Long.MAX_VALUE
                        + " bytes: no process grows that large, so none is restarted for its memory");
    }

    @Test
    void everyRlimitKeyIsOneResourceAndNamedAfterIt() {
        List<ProgramKey> keys = ProgramKey.rlimits();
        assertThat(keys).hasSize(14);
        for (ProgramKey k : keys) {
            assertThat(k.effect()).isEqualTo(Effect.RLIMIT);
            assertThat(k.key().names()).singleElement().asString().startsWith("rlimit_");
        }
        assertThat(ProgramKey.MEMORY_LIMIT.effect()).isEqualTo(Effect.IN_PLACE);
    }
}
