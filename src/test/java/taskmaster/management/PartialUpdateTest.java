package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/** supervisorctl's update NAME: only the named programs take their new configuration. */
@SuppressWarnings("unchecked")
class PartialUpdateTest {

    static final String BEFORE = """
        [a]
        cmd = sleep 100001
        starttime = 0
        [b]
        cmd = sleep 100002
        starttime = 0
        """;
    static final String AFTER = """
        [a]
        cmd = sleep 100011
        starttime = 0
        [b]
        cmd = sleep 100012
        starttime = 0
        [c]
        cmd = sleep 100013
        starttime = 0
        """;

    @Test
    void updateAppliesTheFilesToTheNamedProgramsOnly(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(BEFORE).start().awaitUrl()) {
            d.awaitState("taskmaster:type=Process,program=a,name=a", "RUNNING");
            d.awaitState("taskmaster:type=Process,program=b,name=b", "RUNNING");
            Object pidA = d.read("taskmaster:type=Process,program=a,name=a", "Pid");
            Object pidB = d.read("taskmaster:type=Process,program=b,name=b", "Pid");
            d.writePrograms(AFTER);

            JSONObject only = (JSONObject) TestDaemon.value(d.postOne(Map.of(
                    "type",
                    "exec",
                    "mbean",
                    "taskmaster:type=Supervisor",
                    "operation",
                    "update",
                    "arguments",
                    List.of("a"))));
            assertThat((List<Object>) only.get("changed")).containsExactly("a");
            assertThat((List<Object>) only.get("added")).isEmpty();
            d.awaitState("taskmaster:type=Process,program=a,name=a", "RUNNING");
            assertThat(d.read("taskmaster:type=Process,program=a,name=a", "Pid"))
                    .isNotEqualTo(pidA);
            assertThat(d.read("taskmaster:type=Process,program=b,name=b", "Pid"))
                    .isEqualTo(pidB);
            assertThat(d.read("taskmaster:type=Process,program=b,name=b", "Description"))
                    .isNotNull();
            assertThat((String) d.read("taskmaster:type=Program,name=b", "Command"))
                    .contains("100002");

            JSONObject unknown = d.postOne(Map.of(
                    "type",
                    "exec",
                    "mbean",
                    "taskmaster:type=Supervisor",
                    "operation",
                    "update",
                    "arguments",
                    List.of("nope")));
            assertThat((String) unknown.get("error")).startsWith("BAD_NAME: nope");

            JSONObject rest = (JSONObject) TestDaemon.value(
                    d.postOne(Map.of("type", "exec", "mbean", "taskmaster:type=Supervisor", "operation", "reload")));
            assertThat((List<Object>) rest.get("changed")).containsExactly("b");
            assertThat((List<Object>) rest.get("added")).containsExactly("c");
        }
    }
}
