package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import taskmaster.model.ProcessSpec;

class EventLogTest {

    @Test
    void aBackoffCountsItsAttemptsAgainstTheLimit() {
        assertThat(EventLog.attempt(2, 4)).isEqualTo("attempt 2 of 4");
    }

    /** startretries = 4294967295 retries without end: "attempt 2 of 2147483647" would read as a limit. */
    @Test
    void anUnlimitedBackoffNamesNoLimit() {
        assertThat(EventLog.attempt(2, ProcessSpec.UNLIMITED_RETRIES)).isEqualTo("attempt 2, retrying without end");
    }
}
