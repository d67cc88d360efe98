package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import taskmaster.ctl.Supervisor.Proc;

/**
 * taskmasterctl selects on its side (status, pid, tail, fg) exactly what the daemon would for the
 * same names; the grammar itself is tested with the contract.
 */
class NamesTest {

    private static Proc p(String name, String program, String group) {
        return new Proc(name, program, group, "RUNNING", 1, "", Map.of());
    }

    /** Program misc names its one process report, the name of another program. */
    private static final List<Proc> ALL = List.of(
            p("report", "misc", "misc"),
            p("report_0", "report", "report"),
            p("report_1", "report", "report"),
            p("web", "web", "web"));

    @Test
    void aProcessNameSelectsThatProcessAsTheDaemonDoesNotAProgramOfTheSameName() {
        Names.Selection s = Names.select(ALL, List.of("report"));
        assertThat(s.processes()).extracting(Proc::name).containsExactly("report");
        assertThat(s.unknown()).isEmpty();
        assertThat(Names.select(ALL, List.of("report:*")).processes())
                .extracting(Proc::name)
                .containsExactly("report_0", "report_1");
    }

    @Test
    void noNamesSelectEveryProcess() {
        assertThat(Names.select(ALL, List.of()).processes()).isEqualTo(ALL);
    }
}
