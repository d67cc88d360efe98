package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Who may speak for a process on its notify socket, decided from the datagram's credentials. */
class NotifySenderTest {
    private static final int CHILD = 1000;
    private static final int UID = 1001;

    private static final Map<Integer, ProcStat> PROCS = Map.of(
            1000, new ProcStat(1000, 'S', 1, 1000, 1000, 5),
            1002, new ProcStat(1002, 'S', 1000, 1000, 1000, 6), // a child in its group
            1003, new ProcStat(1003, 'S', 1002, 1003, 1000, 7), // its own group, the program's session
            1004, new ProcStat(1004, 'Z', 1002, 1000, 1000, 8), // a zombie of the group
            2000, new ProcStat(2000, 'S', 1, 2000, 2000, 9)); // somebody else
    private static final IntFunction<Optional<ProcStat>> STAT = pid -> Optional.ofNullable(PROCS.get(pid));

    private static String refusal(int pid, int uid) {
        return NotifySender.refusal(new UnixDatagram.Datagram(new byte[0], false, pid, uid, uid, 0), CHILD, UID, STAT);
    }

    @Test
    void theProgramItsGroupAndItsSessionMaySpeak() {
        assertThat(refusal(1000, UID)).isNull();
        assertThat(refusal(1002, UID)).isNull();
        assertThat(refusal(1003, UID)).isNull();
        assertThat(refusal(1004, UID)).isNull();
    }

    @Test
    void rootMaySpeakFromInsideTheGroup() {
        assertThat(refusal(1002, 0)).isNull();
    }

    @Test
    void aGoneSenderOfTheProgramsUidIsAcceptedForTheSocketNamesTheProcess() {
        assertThat(refusal(4242, UID)).isNull();
    }

    @Test
    void anotherUidIsRefusedEvenFromInsideTheGroup() {
        assertThat(refusal(1002, 1005)).isEqualTo("sent by uid 1005, not the program's uid 1001 or root");
        assertThat(refusal(4242, 1005)).startsWith("sent by uid 1005");
    }

    @Test
    void aLiveProcessOutsideTheGroupIsRefusedWhateverItsUid() {
        assertThat(refusal(2000, UID))
                .isEqualTo("sent by pid 2000 of process group 2000 and session 2000, outside the program's (1000)");
        assertThat(refusal(2000, 0)).startsWith("sent by pid 2000");
    }

    @Test
    void noCredentialsOrAnInvisiblePidIsRefused() {
        assertThat(refusal(-1, -1)).isEqualTo("no credentials came with it");
        assertThat(refusal(0, UID)).isEqualTo("sent from a pid namespace the daemon cannot see");
    }

    @Test
    void aMainPidMustBeALiveProcessOfTheProgramsTree() {
        assertThat(NotifySender.mainPidRefusal(1000, CHILD, STAT)).isNull();
        assertThat(NotifySender.mainPidRefusal(1002, CHILD, STAT)).isNull();
        assertThat(NotifySender.mainPidRefusal(1003, CHILD, STAT)).isNull();
        assertThat(NotifySender.mainPidRefusal(1004, CHILD, STAT)).isEqualTo("MAINPID=1004: no such process");
        assertThat(NotifySender.mainPidRefusal(4242, CHILD, STAT)).isEqualTo("MAINPID=4242: no such process");
        assertThat(NotifySender.mainPidRefusal(2000, CHILD, STAT))
                .isEqualTo("MAINPID=2000: process group 2000 and session 2000 are not the program's (1000)");
    }
}
