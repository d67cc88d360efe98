package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * supervisorctl's add and remove over Jolokia: one group taken out of the configuration in force
 * while it is stopped, and back in from the files, the rest left alone; supervisord's faults
 * (ALREADY_ADDED, STILL_RUNNING, BAD_NAME) otherwise.
 */
@SuppressWarnings("unchecked")
class AddRemoveGroupTest {

    static final String SUP = "taskmaster:type=Supervisor";

    static final String PROGRAMS = """
        [program:api]
        command = sleep 100001
        startsecs = 0
        [program:web]
        command = sleep 100002
        startsecs = 0
        numprocs = 2
        process_name = web_%(process_num)02d
        [program:once]
        command = true
        startsecs = 0
        autorestart = false
        [program:w1]
        command = sleep 100003
        startsecs = 0
        autostart = false
        [program:w2]
        command = sleep 100004
        startsecs = 0
        autostart = false
        [group:workers]
        programs = w1,w2
        """;

    @Test
    void removeTakesAStoppedGroupOutAndAddBringsItBackFromTheFiles(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl()) {
            d.awaitState("taskmaster:type=Process,program=web,name=web_00", "RUNNING");
            d.awaitState("taskmaster:type=Process,program=web,name=web_01", "RUNNING");
            d.awaitState("taskmaster:type=Process,program=api,name=api", "RUNNING");
            Object apiPid = d.read("taskmaster:type=Process,program=api,name=api", "Pid");

            assertThat(error(d, "removeProcessGroup", "web"))
                    .startsWith("STILL_RUNNING: web: ")
                    .contains("web_00", "web_01");
            assertThat(processes(d)).contains("web_00", "web_01");

            value(d, "stop", "web:*");
            JSONObject removed = (JSONObject) value(d, "removeProcessGroup", "web");
            assertThat((List<Object>) removed.get("removed")).containsExactly("web");
            assertThat(processes(d)).doesNotContain("web_00", "web_01").contains("api");
            assertThat(error(d, "removeProcessGroup", "web"))
                    .startsWith("BAD_NAME: web: ")
                    .contains("in the configuration in force");

            // the files changed meanwhile: add takes only the group asked for, api keeps its process
            d.writePrograms(PROGRAMS.replace("sleep 100001", "sleep 100011"));
            JSONObject added = (JSONObject) value(d, "addProcessGroup", "web");
            assertThat((List<Object>) added.get("added")).containsExactly("web");
            assertThat((List<Object>) added.get("changed")).isEmpty();
            d.awaitState("taskmaster:type=Process,program=web,name=web_00", "RUNNING");
            d.awaitState("taskmaster:type=Process,program=web,name=web_01", "RUNNING");
            assertThat(d.read("taskmaster:type=Process,program=api,name=api", "Pid"))
                    .isEqualTo(apiPid);
            assertThat((String) d.read("taskmaster:type=Program,name=api", "Command"))
                    .contains("100001");

            assertThat(error(d, "addProcessGroup", "web")).startsWith("ALREADY_ADDED: web");
            assertThat(error(d, "addProcessGroup", "nope"))
                    .startsWith("BAD_NAME: nope: ")
                    .contains("of that name in the files");
        }
    }

    @Test
    void aGroupIsRemovedAndAddedWholeAndOnlyByItsGroupName(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl()) {
            d.awaitState("taskmaster:type=Process,program=once,name=once", "EXITED");
            // a program of a [group:x] is no group of its own, for supervisord as here
            assertThat(error(d, "removeProcessGroup", "w1")).startsWith("BAD_NAME: w1");
            // EXITED and never started are both stopped states
            JSONObject once = (JSONObject) value(d, "removeProcessGroup", "once");
            assertThat((List<Object>) once.get("removed")).containsExactly("once");
            JSONObject workers = (JSONObject) value(d, "removeProcessGroup", "workers");
            assertThat((List<Object>) workers.get("removed")).containsExactlyInAnyOrder("w1", "w2");
            assertThat(processes(d)).doesNotContain("w1", "w2", "once");
            assertThat(error(d, "addProcessGroup", "w1")).startsWith("BAD_NAME: w1");
            JSONObject back = (JSONObject) value(d, "addProcessGroup", "workers");
            assertThat((List<Object>) back.get("added")).containsExactlyInAnyOrder("w1", "w2");
            assertThat(processes(d)).contains("w1", "w2");
            assertThat(d.read("taskmaster:type=Process,program=w1,name=w1", "State"))
                    .isEqualTo("STOPPED");
            assertThat(error(d, "addProcessGroup", "web,api")).startsWith("BAD_ARGUMENTS: ");
        }
    }

    @Test
    void addRefusesFilesWithErrorsAndChangesNothing(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs(PROGRAMS).start().awaitUrl()) {
            d.awaitState("taskmaster:type=Process,program=api,name=api", "RUNNING");
            value(d, "stop", "api");
            value(d, "removeProcessGroup", "api");
            d.writePrograms(PROGRAMS + "[program:bad]\ncommand =\n");
            assertThat(error(d, "addProcessGroup", "api")).startsWith("CANT_REREAD: api: ");
            assertThat(processes(d)).doesNotContain("api");
            d.writePrograms(PROGRAMS);
            value(d, "addProcessGroup", "api");
            await().atMost(TestDaemon.BOUND).until(() -> processes(d).contains("api"));
        }
    }

    private static List<String> processes(TestDaemon d) {
        List<Map<String, Object>> all = (List<Map<String, Object>>) d.read(SUP, "Processes");
        return all.stream().map(m -> (String) m.get("name")).toList();
    }

    private static Object value(TestDaemon d, String operation, String argument) {
        return TestDaemon.value(d.postOne(exec(operation, argument)));
    }

    private static String error(TestDaemon d, String operation, String argument) {
        JSONObject answer = d.postOne(exec(operation, argument));
        assertThat(answer.get("status"))
                .as("%s %s: %s", operation, argument, answer)
                .isNotEqualTo(200L);
        return (String) answer.get("error");
    }

    private static Map<String, Object> exec(String operation, String argument) {
        return Map.of("type", "exec", "mbean", SUP, "operation", operation, "arguments", List.of(argument));
    }
}
