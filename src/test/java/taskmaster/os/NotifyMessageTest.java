package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import taskmaster.engine.Notice;

/** sd_notify messages as systemd reads them. */
class NotifyMessageTest {

    @Test
    void everyKnownKeyInOneMessage() {
        assertThat(NotifyMessage.parse(
                        "READY=1\nSTATUS=up\nWATCHDOG=1\nEXTEND_TIMEOUT_USEC=5000000\nSTOPPING=1\nMAINPID=77\n"))
                .containsExactly(
                        new Notice.MainPid(77),
                        new Notice.Ready(),
                        new Notice.Status("up"),
                        new Notice.Watchdog(),
                        new Notice.ExtendTimeout(5_000_000),
                        new Notice.Stopping());
    }

    @Test
    void unknownKeysAndBadValuesAreIgnored() {
        assertThat(NotifyMessage.parse("READY=0\nREADY=yes\nWATCHDOG=trigger\nRELOADING=1\nFDSTORE=1\nBARRIER=1\n"
                        + "MAINPID=0\nMAINPID=-3\nMAINPID=99999999999\nEXTEND_TIMEOUT_USEC=1e6\n=1\nno sign"))
                .isEmpty();
    }

    @Test
    void aMessageWithANulIsDroppedWhole() {
        assertThat(NotifyMessage.parse("READY=1\0")).isEmpty();
    }

    @Test
    void statusKeepsEqualsSignsLosesControlCharactersAndIsBounded() {
        assertThat(NotifyMessage.parse("STATUS=a=b\tc\u001b[31m")).containsExactly(new Notice.Status("a=b c [31m"));
        assertThat(NotifyMessage.parse("STATUS=")).containsExactly(new Notice.Status(""));
        Notice.Status long_ = (Notice.Status)
                NotifyMessage.parse("STATUS=" + "y".repeat(2000)).getFirst();
        assertThat(long_.text()).hasSize(NotifyMessage.MAX_STATUS);
    }
}
