package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** A daemon whose Jolokia wants a user: the console finds the credentials, or says what is missing. */
class CtlCredentialsTest {

    @Test
    void credentialsComeFromTheConfigurationTheOptionsOrTheEnvironment(@TempDir Path dir) throws Exception {
        TestDaemon d = TestDaemon.in(dir)
                .keys("jolokia_user = ops\njolokia_password = pw-42")
                .programs("[one]\ncmd = sleep 100000\nstarttime = 0\n")
                .start()
                .awaitUrl();
        try {
            // -c FILE: the [taskmasterd] section has them
            assertThat(Run.ctl(d, "pid").code()).isZero();
            await().atMost(TestDaemon.BOUND)
                    .until(() -> Run.ctl(d, "status", "one").code() == Exit.OK);
            String url = d.url;
            Run none = Run.of(Map.of(), "-s", url, "status");
            assertThat(none.code()).isEqualTo(Exit.UNREACHABLE);
            assertThat(none.err()).contains("HTTP 401", "-u USER -p PASSWORD").doesNotContain("pw-42");
            Run wrong = Run.of(Map.of(), "-s", url, "-u", "ops", "-p", "nope", "status");
            assertThat(wrong.code()).isEqualTo(Exit.UNREACHABLE);
            assertThat(wrong.err()).contains("user 'ops' and its password were refused");
            assertThat(Run.of(Map.of(), "-s", url, "-u", "ops", "-p", "pw-42", "status", "one")
                            .code())
                    .isZero();
            assertThat(Run.of(
                                    Map.of(
                                            "TASKMASTER_URL",
                                            url,
                                            "TASKMASTER_USER",
                                            "ops",
                                            "TASKMASTER_PASSWORD",
                                            "pw-42"),
                                    "status",
                                    "one")
                            .code())
                    .isZero();
        } finally {
            d.close();
        }
    }
}
