package taskmaster.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The soak's orphan detector on planted processes, so that a soak without violations means
 * something: a tagged process outside the daemon's view is reported once the grace has passed,
 * never before, and never when it or its group leader is in the view.
 */
class OrphanWatchTest {

    private final String tag = UUID.randomUUID().toString();
    private final ProcScan scan = new ProcScan(ChaosSoakTest.TAG_VAR, tag);
    private final SoakTally tally = new SoakTally(false);
    private final Map<Long, String> view = new HashMap<>();
    private double now;
    private final OrphanWatch watch =
            new OrphanWatch(scan, () -> Map.copyOf(view), tally, t -> "(test)", -1, 3_000, () -> now);

    @AfterEach
    void sweep() {
        scan.tagged().forEach(t -> ProcessHandle.of(t.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    private Process plant(String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put(ChaosSoakTest.TAG_VAR, tag);
        return pb.start();
    }

    private void awaitTagged(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> scan.tagged().size() == n);
    }

    @Test
    void aTaggedProcessOutsideTheViewIsAnOrphanOnceTheGraceHasPassed() throws Exception {
        Process p = plant("sleep", "600");
        awaitTagged(1);
        watch.sample();
        now = 2.9;
        watch.sample();
        assertThat(tally.violations()).isEmpty();
        now = 3.1;
        watch.sample();
        now = 10;
        watch.sample();
        assertThat(tally.violations()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo("orphan");
            assertThat(v.detail()).contains("pid " + p.pid(), "sleep 600");
        });
    }

    @Test
    void aCurrentProcessAndTheMembersOfItsGroupAreNot() throws Exception {
        Process leader = plant("sh", "-c", "sleep 601 & sleep 602 & wait");
        awaitTagged(3);
        view.put(leader.pid(), "family (RUNNING)");
        for (int i = 0; i <= 10; i++) {
            now = i;
            watch.sample();
        }
        assertThat(tally.violations()).isEmpty();
        view.clear(); // the leader is no longer current: its group is orphaned
        now = 11;
        watch.sample();
        now = 15;
        watch.sample();
        assertThat(tally.violations())
                .hasSize(3)
                .allSatisfy(v -> assertThat(v.kind()).isEqualTo("orphan"));
    }

    @Test
    void oneThatLeavesOrComesIntoTheViewWithinTheGraceIsNot() throws Exception {
        Process gone = plant("sleep", "603");
        Process adopted = plant("sleep", "604");
        awaitTagged(2);
        watch.sample();
        gone.destroyForcibly().waitFor();
        view.put(adopted.pid(), "adopted (RUNNING)");
        awaitTagged(1);
        now = 2;
        watch.sample();
        view.clear(); // out of the view again: the grace starts afresh
        now = 4;
        watch.sample();
        now = 6.9;
        watch.sample();
        assertThat(tally.violations()).isEmpty();
        now = 7.1;
        watch.sample();
        assertThat(tally.violations())
                .singleElement()
                .satisfies(v -> assertThat(v.detail()).contains("sleep 604"));
    }

    @Test
    void aCurrentPidWithNoLiveProcessIsAGhostOnceTheGraceHasPassed() throws Exception {
        Process p = plant("sleep", "606");
        awaitTagged(1);
        view.put(p.pid(), "web (RUNNING)");
        watch.sample();
        p.destroyForcibly().waitFor();
        awaitTagged(0);
        now = 1;
        watch.sample();
        now = 3.9;
        watch.sample();
        assertThat(tally.violations()).isEmpty();
        now = 4.1;
        watch.sample();
        assertThat(tally.violations()).singleElement().satisfies(v -> {
            assertThat(v.kind()).isEqualTo("ghost");
            assertThat(v.detail()).contains("web (RUNNING) with pid " + p.pid());
        });
    }

    @Test
    void aFailedReadOfTheViewIsNoSample() throws Exception {
        plant("sleep", "605");
        awaitTagged(1);
        OrphanWatch blind = new OrphanWatch(scan, () -> null, tally, t -> "", -1, 0, () -> now);
        now = 100;
        blind.sample();
        blind.sample();
        assertThat(blind.samples()).isZero();
        assertThat(tally.violations()).isEmpty();
        List<ProcScan.Tagged> seen = scan.tagged();
        assertThat(seen).singleElement().satisfies(t -> assertThat(t.cmdline()).isEqualTo("sleep 605"));
    }
}
