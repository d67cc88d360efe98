package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.ProcessSpec;
import taskmaster.model.RestartPolicy;
import taskmaster.model.RestartPolicy.Backoff;

/** backoff, backoff_max, restart_limit, restart_window, fatal_retry, essential and startretries = infinite. */
class RestartPolicyKeysTest {
    @TempDir
    Path dir;

    private String at(int line) {
        return dir.resolve("main.conf") + ":" + line + ": ";
    }

    private RestartPolicy policy(String text) throws ConfigException {
        return TestConfigs.load(dir, text).processes().getFirst().lifecycle().restart();
    }

    @Test
    void theDefaultsAreSystemdsLimitAndSupervisordsLinearBackoffInBothDialects() throws ConfigException {
        for (String text : new String[] {"[web]\ncmd = sleep 1\n", "[program:web]\ncommand = sleep 1\n"}) {
            RestartPolicy p = policy(text);
            assertThat(p).isEqualTo(RestartPolicy.DEFAULT);
            assertThat(p.backoff()).isEqualTo(Backoff.LINEAR);
            assertThat(p.backoffMaxSeconds()).isEqualTo(300);
            assertThat(p.restartLimit()).isEqualTo(5);
            assertThat(p.restartWindowSeconds()).isEqualTo(10);
            assertThat(p.fatalRetrySeconds()).isZero();
            assertThat(p.essential()).isFalse();
        }
    }

    @Test
    void everyKeyIsRead() throws ConfigException {
        RestartPolicy p = policy("""
            [web]
            cmd = sleep 1
            backoff = Exponential
            backoff_max = 60
            restart_limit = 0
            restart_window = 30
            fatal_retry = 120
            essential = yes
            """);
        assertThat(p).isEqualTo(new RestartPolicy(Backoff.EXPONENTIAL, 60, 120, 0, 30, true));
        assertThat(policy("[program:w]\ncommand = x\nbackoff = linear\nrestart_limit = 3\n"))
                .isEqualTo(RestartPolicy.DEFAULT.withRestartLimit(3, 10));
    }

    @Test
    void startretriesInfiniteRetriesWithoutEndAndWithoutAWarning() throws ConfigException {
        var c = TestConfigs.load(dir, "[web]\ncmd = sleep 1\nstartretries = infinite\n");
        assertThat(c.processes().getFirst().startRetries()).isEqualTo(ProcessSpec.UNLIMITED_RETRIES);
        assertThat(c.warnings()).isEmpty();
        assertThat(TestConfigs.load(dir, "[program:w]\ncommand = x\nstartretries = INFINITE\n")
                        .processes()
                        .getFirst()
                        .startRetries())
                .isEqualTo(ProcessSpec.UNLIMITED_RETRIES);
    }

    @Test
    void badValuesNameTheFileLineKeyValueAndWhatIsAllowed() {
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nbackoff = fibonacci\n"))
                .containsExactly(
                        at(3) + "[web] backoff: 'fibonacci' is not a backoff (allowed: linear or exponential)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nbackoff_max = 0\n"))
                .containsExactly(at(3) + "[web] backoff_max: '0' is out of range (allowed: an integer from 1 up)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nrestart_limit = -1\n"))
                .containsExactly(at(3) + "[web] restart_limit: '-1' is out of range (allowed: an integer from 0 up)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nrestart_window = 0\n"))
                .containsExactly(at(3) + "[web] restart_window: '0' is out of range (allowed: an integer from 1 up)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nfatal_retry = soon\n"))
                .containsExactly(
                        at(3) + "[web] fatal_retry: 'soon' is not a whole number (allowed: an integer from 0" + " up)");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nessential = maybe\n"))
                .singleElement()
                .asString()
                .startsWith(at(3) + "[web] essential: 'maybe' ")
                .contains("allowed: ");
        assertThat(TestConfigs.errors(dir, "[web]\ncmd = x\nstartretries = forever\n"))
                .containsExactly(at(3) + "[web] startretries: 'forever' is not a whole number (allowed: an integer"
                        + " from 0 up, or infinite)");
    }

    @Test
    void theKeysApplyInPlaceOnReload() {
        for (String key :
                new String[] {"backoff", "backoff_max", "restart_limit", "restart_window", "fatal_retry", "essential"
                }) {
            ProgramKey k = ProgramKey.byName(key).orElseThrow();
            assertThat(k.effect()).as(key).isEqualTo(Effect.IN_PLACE);
            assertThat(k.key().description()).as(key).isNotBlank();
        }
    }
}
