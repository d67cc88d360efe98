package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import taskmaster.mbeans.ReloadResult;
import taskmaster.mbeans.SupervisorState;

/** update(names) reads its list of names as every other operation reads one. */
class SupervisorBeanTest {

    /** What the bean asked of the daemon: the names of each update, or null for a whole reload. */
    private final List<Set<String>> asked = new ArrayList<>();

    private final SupervisorBean bean = new SupervisorBean(
            null,
            new Control() {
                @Override
                public SupervisorState state() {
                    return SupervisorState.RUNNING;
                }

                @Override
                public ReloadResult reload() {
                    asked.add(null);
                    return new ReloadResult(List.of(), List.of(), List.of(), List.of(), List.of());
                }

                @Override
                public ReloadResult update(Set<String> names) {
                    asked.add(names);
                    return new ReloadResult(List.of(), List.of(), List.of(), List.of(), List.of());
                }

                @Override
                public ReloadResult addGroup(String name) {
                    throw new AssertionError("not asked");
                }

                @Override
                public List<taskmaster.mbeans.Result> scale(String program, int numprocs) {
                    throw new AssertionError("not asked");
                }

                @Override
                public List<taskmaster.mbeans.Result> forget(String names) {
                    throw new AssertionError("not asked");
                }

                @Override
                public ReloadResult removeGroup(String name) {
                    throw new AssertionError("not asked");
                }

                @Override
                public void sendRemoteCommEvent(String type, String data) {
                    throw new AssertionError("not asked");
                }

                @Override
                public ReloadResult reread() {
                    throw new AssertionError("not asked");
                }

                @Override
                public void shutdown() {
                    throw new AssertionError("not asked");
                }
            },
            "test",
            0,
            Path.of("taskmaster.conf"));

    @Test
    void namesAreSeparatedByCommasOrWhiteSpace() {
        bean.update("web, db api\tfront");
        assertThat(asked).containsExactly(Set.of("web", "db", "api", "front"));
    }

    @Test
    void noNameOrAllReloadsEverything() {
        bean.update(" , ");
        bean.update(null);
        bean.update("web all");
        assertThat(asked).containsExactly(null, null, null);
    }
}
