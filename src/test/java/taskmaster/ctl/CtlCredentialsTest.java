package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon whose Jolokia wants a user: the console finds the credentials, or says what is missing. */
class CtlCredentialsTest {

    @Test
    void credentialsComeFromTheConfigurationTheOptionsOrTheEnvironment(@TempDir Path dir) throws Exception {
        RealDaemon d = new RealDaemon(dir, "jolokia_user = ops\njolokia_password = pw-42",
                "[one]\ncmd = sleep 100000\nstarttime = 0\n");
        try {
            // -c FILE: the [taskmasterd] section has them
            assertThat(d.ctl("pid").code()).isZero();
            await().atMost(RealDaemon.BOUND).until(() -> d.ctl("status", "one").code() == Exit.OK);
            String url = d.url();
            Run none = Run.of(Map.of(), "-s", url, "status");
            assertThat(none.code()).isEqualTo(Exit.UNREACHABLE);
            assertThat(none.err()).contains("HTTP 401", "-u USER -p PASSWORD").doesNotContain("pw-42");
            Run wrong = Run.of(Map.of(), "-s", url, "-u", "ops", "-p", "nope", "status");
            assertThat(wrong.code()).isEqualTo(Exit.UNREACHABLE);
            assertThat(wrong.err()).contains("user 'ops' and its password were refused");
            assertThat(Run.of(Map.of(), "-s", url, "-u", "ops", "-p", "pw-42", "status", "one").code()).isZero();
            assertThat(Run.of(Map.of("TASKMASTER_URL", url, "TASKMASTER_USER", "ops", "TASKMASTER_PASSWORD", "pw-42"),
                    "status", "one").code()).isZero();
        } finally {
            d.close();
        }
    }
}
