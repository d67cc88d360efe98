package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.DaemonSettings;

/** {@code sample_interval}: seconds, 0 for on read only, 5 when unset, bounded. */
class SampleIntervalKeyTest {
    @TempDir
    Path dir;

    @Test
    void defaultsToFiveSecondsAndTakesZero() throws ConfigException {
        assertThat(TestConfigs.load(dir, "[x]\ncmd = sleep 1\n").daemon().sampleInterval())
                .isEqualTo(DaemonSettings.DEFAULT_SAMPLE_INTERVAL)
                .isEqualTo(5);
        assertThat(TestConfigs.load(dir, "[taskmasterd]\nsample_interval = 0\n[x]\ncmd = sleep 1\n")
                        .daemon()
                        .sampleInterval())
                .isZero();
        assertThat(TestConfigs.load(dir, "[supervisord]\nsample_interval = 30\n[x]\ncmd = sleep 1\n")
                        .daemon()
                        .sampleInterval())
                .isEqualTo(30);
    }

    @Test
    void aNegativeOrHugeIntervalIsAnErrorNamingTheLine() {
        String at = dir.resolve("main.conf") + ":2: ";
        assertThat(TestConfigs.errors(dir, "[taskmasterd]\nsample_interval = -1\n[x]\ncmd = sleep 1\n"))
                .containsExactly(at + "[taskmasterd] sample_interval: '-1' is out of range"
                        + " (allowed: an integer from 0 to 86400)");
        assertThat(TestConfigs.errors(dir, "[taskmasterd]\nsample_interval = 5s\n[x]\ncmd = sleep 1\n"))
                .singleElement()
                .asString()
                .startsWith(at + "[taskmasterd] sample_interval: '5s'");
    }
}
