package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import taskmaster.config.DaemonKey;

/** taskmasterctl's default address is the daemon's declared Jolokia defaults, not a copy of them. */
class TargetDefaultsTest {

    @Test
    void theDefaultUrlIsTheDeclaredHostAndPort() {
        assertThat(Target.DEFAULT_URL)
                .isEqualTo("http://" + DaemonKey.JOLOKIA_HOST.defaultText() + ":" + DaemonKey.JOLOKIA_PORT.defaultText()
                        + "/jolokia");
        assertThat(Target.DEFAULT_URL).isEqualTo("http://127.0.0.1:8778/jolokia");
    }
}
