package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code forget}, {@code scale}, {@code status -l} and {@code reread}'s notes against canned Jolokia answers. */
class IntentCtlTest {

    FakeJolokia fake;

    @AfterEach
    void close() {
        if (fake != null) {
            fake.close();
        }
    }

    private static Map<String, Object> proc(String name, String state, boolean wanted, String source) {
        Map<String, Object> p =
                new HashMap<>(FakeJolokia.proc(name, state, 0, state.equals("STOPPED") ? "Not started" : ""));
        p.put("wanted", wanted);
        p.put("wantedSource", source);
        return p;
    }

    private static Map<String, Object> program(String name, int numprocs, int fileNumprocs) {
        return JolokiaClient.map("name", name, "group", name, "numprocs", numprocs, "fileNumprocs", fileNumprocs);
    }

    private static Map<String, Object> answer(Map<String, Object> r) {
        if ("read".equals(r.get("type")) && "Programs".equals(r.get("attribute"))) {
            return FakeJolokia.ok(List.of(program("web", 3, 2), program("api", 1, 1), program("db", 1, 1)));
        }
        if ("read".equals(r.get("type"))) {
            return FakeJolokia.ok(List.of(
                    proc("api", "STOPPED", false, "PERSISTED"),
                    proc("db", "RUNNING", true, "OPERATOR"),
                    proc("web_00", "RUNNING", true, "CONFIG")));
        }
        return switch (String.valueOf(r.get("operation"))) {
            case "forget" ->
                "nope".equals(((List<?>) r.get("arguments")).getFirst())
                        ? FakeJolokia.error(400, "BAD_NAME: nope: no such process")
                        : FakeJolokia.ok(List.of(
                                FakeJolokia.result("api", true, "", "forgotten"),
                                FakeJolokia.result(
                                        "web",
                                        true,
                                        "",
                                        "scale override of 3 processes forgotten: 2 as the files say")));
            case "scale" -> FakeJolokia.ok(List.of(FakeJolokia.result("web_02", true, "", "added")));
            case "reread" ->
                FakeJolokia.ok(JolokiaClient.map(
                        "added",
                        List.of(),
                        "changed",
                        List.of(),
                        "removed",
                        List.of(),
                        "restarted",
                        List.of(),
                        "errors",
                        List.of(),
                        "notes",
                        List.of("web: scaled to 3 processes (the files say numprocs = 2)")));
            default -> FakeJolokia.error(400, "unexpected");
        };
    }

    @Test
    void statusLongSaysWhereWhatIsWantedComesFromAndThePlainOneStaysSupervisorctls() throws Exception {
        fake = new FakeJolokia(IntentCtlTest::answer);
        Run plain = Run.at(fake.url(), "status");
        assertThat(plain.out()).doesNotContain("[");
        Run r = Run.at(fake.url(), "status", "-l");
        assertThat(r.out()).isEqualTo("""
            api                              STOPPED   Not started  [wanted down, kept from before the restart]
            db                               RUNNING     [wanted up by the operator]
            web:web_00                       RUNNING     [wanted up by its configuration; scaled to 3, the files say 2]
            """);
        Run json = Run.at(fake.url(), "status", "--json", "api");
        assertThat(json.out()).contains("\"wantedSource\":\"PERSISTED\"");
    }

    @Test
    void forgetSaysWhatEachNameGotBackAndAnUnknownNameFails() throws Exception {
        fake = new FakeJolokia(IntentCtlTest::answer);
        Run r = Run.at(fake.url(), "forget", "api");
        assertThat(r.out())
                .isEqualTo("api: forgotten\nweb: scale override of 3 processes forgotten: 2 as the files say\n");
        assertThat(r.code()).isZero();
        assertThat(fake.requests.getLast())
                .containsEntry("operation", "forget")
                .containsEntry("arguments", List.of("api"));
        Run bad = Run.at(fake.url(), "forget", "nope");
        assertThat(bad.out()).isEqualTo("nope: ERROR (no such process)\n");
        assertThat(bad.code()).isEqualTo(Exit.FAILED);
    }

    @Test
    void scaleCallsTheProgramBeanAndRefusesWhatIsNotANumberOrAProgram() throws Exception {
        fake = new FakeJolokia(IntentCtlTest::answer);
        Run r = Run.at(fake.url(), "scale", "web", "3");
        assertThat(r.out()).isEqualTo("web_02: added\n");
        assertThat(fake.requests.getLast())
                .containsEntry("mbean", "taskmaster:type=Program,name=web")
                .containsEntry("operation", "scale")
                .containsEntry("arguments", List.of(3L));
        assertThat(Run.at(fake.url(), "scale", "web", "many").code()).isNotZero();
        Run none = Run.at(fake.url(), "scale", "nope", "2");
        assertThat(none.out()).isEqualTo("nope: ERROR (no such program)\n");
        assertThat(none.code()).isEqualTo(Exit.FAILED);
    }

    @Test
    void rereadPrintsTheOverridesAfterTheDiff() throws Exception {
        fake = new FakeJolokia(IntentCtlTest::answer);
        Run r = Run.at(fake.url(), "reread");
        assertThat(r.out())
                .isEqualTo("No config updates to processes\nweb: scaled to 3 processes (the files say numprocs = 2)\n");
    }
}
