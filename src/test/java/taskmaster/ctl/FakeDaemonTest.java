package taskmaster.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client side against canned Jolokia answers: JSON statuses, fault mapping, exit codes. */
class FakeDaemonTest {

    FakeJolokia fake;

    @AfterEach
    void close() {
        if (fake != null) {
            fake.close();
        }
    }

    private FakeJolokia serve(java.util.function.Function<Map<String, Object>, Map<String, Object>> f)
            throws Exception {
        fake = new FakeJolokia(f);
        return fake;
    }

    @Test
    void statusPrintsAlignedLinesAndExits3WhenOneIsNotRunning() throws Exception {
        serve(r -> FakeJolokia.ok(List.of(
                FakeJolokia.proc("web_00", "RUNNING", 42, "pid 42, uptime 0:00:05"),
                FakeJolokia.proc("db", "STOPPED", 0, "Not started"))));
        Run r = Run.at(fake.url(), "status");
        // supervisorctl's order (by group, then name) and names (group:name)
        assertThat(r.out()).isEqualTo("""
            db                               STOPPED   Not started
            web:web_00                       RUNNING   pid 42, uptime 0:00:05
            """);
        assertThat(r.code()).isEqualTo(Exit.NOT_RUNNING);
        assertThat(Run.at(fake.url(), "status", "web_00").code()).isEqualTo(Exit.OK);
        Run bad = Run.at(fake.url(), "status", "nope");
        assertThat(bad.out()).isEqualTo("nope: ERROR (no such process)\n");
        assertThat(bad.code()).isEqualTo(Exit.BAD_NAME);
        assertThat(fake.requests.getFirst()).containsEntry("type", "read").containsEntry("attribute", "Processes");
    }

    /** Processes for the reads, {@code results} for the operations. */
    private static Map<String, Object> answer(Map<String, Object> r, Map<String, Object> results) {
        return "read".equals(r.get("type"))
                ? FakeJolokia.ok(List.of(
                        FakeJolokia.proc("web_00", "STOPPED", 0, "Not started"),
                        FakeJolokia.proc("web_01", "RUNNING", 43, "pid 43, uptime 0:00:05")))
                : results;
    }

    @Test
    void startReportsEachProcessAndLeavesOutTheAlreadyStartedOfAGroup() throws Exception {
        serve(r -> answer(
                r,
                FakeJolokia.ok(List.of(
                        FakeJolokia.result("web_00", true, "", "started"),
                        FakeJolokia.result("web_01", false, "ALREADY_STARTED", "web_01 is already RUNNING")))));
        Run r = Run.at(fake.url(), "start", "web:*");
        assertThat(r.out()).isEqualTo("web:web_00: started\n");
        assertThat(r.code()).isZero();
        assertThat(fake.requests.getLast())
                .containsEntry("operation", "start")
                .containsEntry("arguments", List.of("web:*"));
        // one process asked by its name: its fault is said, and forgiven
        Run one = Run.at(fake.url(), "start", "web_01");
        assertThat(one.out()).isEqualTo("web:web_00: started\nweb:web_01: ERROR (already started)\n");
        assertThat(one.code()).isZero();
    }

    @Test
    void aRestartPrintsTheStopsThenTheStartsAndASpawnErrorExits7() throws Exception {
        serve(r -> answer(
                r,
                FakeJolokia.ok(List.of(
                        FakeJolokia.result("web_00", true, "", "started"),
                        FakeJolokia.result("web_01", false, "SPAWN_ERROR", "exited too quickly")))));
        Run r = Run.at(fake.url(), "restart", "web:*");
        // web_00 was not running: supervisord's stop of a group leaves it out
        assertThat(r.out()).isEqualTo("web:web_01: stopped\nweb:web_00: started\nweb:web_01: ERROR (spawn error)\n");
        assertThat(r.code()).isEqualTo(Exit.PROGRAM_NOT_RUNNING);
        assertThat(fake.requests.getLast()).containsEntry("operation", "restart");
    }

    @Test
    void anUnknownNameIsSaidAndExits1AsSupervisorctlDoes() throws Exception {
        serve(r -> answer(r, FakeJolokia.error(500, "BAD_NAME: nope: no process, program or group named 'nope'")));
        Run r = Run.at(fake.url(), "stop", "nope");
        assertThat(r.out()).isEqualTo("nope: ERROR (no such process)\n");
        assertThat(r.code()).isEqualTo(Exit.FAILED);
        Run group = Run.at(fake.url(), "start", "nope:*");
        assertThat(group.out()).isEqualTo("nope: ERROR (no such group)\n");
        assertThat(group.code()).isEqualTo(Exit.USAGE);
    }

    @Test
    void aPolicyDenialIsAFailureNotASuccess() throws Exception {
        serve(r -> FakeJolokia.error(403, "Reading attribute Version is forbidden"));
        Run r = Run.at(fake.url(), "version");
        assertThat(r.err()).contains("refused by the daemon's Jolokia policy");
        assertThat(r.code()).isEqualTo(Exit.FAILED);
    }

    @Test
    void refusedCredentialsAreUnreachableAndSaySo() throws Exception {
        serve(r -> FakeJolokia.ok("x")).httpStatus = 401;
        Run r = Run.of(Map.of("TASKMASTER_URL", fake.url(), "TASKMASTER_USER", "bob"), "version");
        assertThat(r.err()).contains(fake.url()).contains("HTTP 401").contains("user 'bob'");
        assertThat(r.code()).isEqualTo(Exit.UNREACHABLE);
        assertThat(fake.requests).isNotEmpty();
    }

    @Test
    void nothingListeningIsUnreachableWithWhereAndHow() throws Exception {
        serve(r -> FakeJolokia.ok("x"));
        String url = fake.url();
        fake.close();
        fake = null;
        Run r = Run.at(url, "status");
        assertThat(r.err())
                .contains(url)
                .contains("from TASKMASTER_URL")
                .contains("connection refused")
                .contains("bin/taskmasterd");
        assertThat(r.code()).isEqualTo(Exit.UNREACHABLE);
    }

    @Test
    void badUsage() throws Exception {
        serve(r -> FakeJolokia.ok("x"));
        assertThat(Run.at(fake.url(), "start").code()).isEqualTo(Exit.USAGE);
        assertThat(Run.at(fake.url(), "frobnicate").code()).isEqualTo(Exit.USAGE);
        assertThat(Run.at(fake.url(), "--bogus").code()).isEqualTo(Exit.USAGE);
        assertThat(fake.requests).isEmpty();
    }

    @Test
    void aBadSignalNameIsRefusedForEachProcessAndNothingIsSent() throws Exception {
        serve(r -> answer(r, FakeJolokia.error(500, "unexpected")));
        Run r = Run.at(fake.url(), "signal", "NOPE", "web");
        assertThat(r.out()).isEqualTo("web:web_00: ERROR (bad signal name)\nweb:web_01: ERROR (bad signal name)\n");
        assertThat(r.code()).isEqualTo(Exit.FAILED);
        assertThat(fake.requests).allSatisfy(q -> assertThat(q).containsEntry("type", "read"));
    }

    @Test
    void eventsPullsPrintsAndUnregisters() throws Exception {
        serve(r -> switch (String.valueOf(r.get("type")) + "/" + r.getOrDefault("command", r.get("operation"))) {
            case "notification/register" ->
                FakeJolokia.ok(Map.of(
                        "id",
                        "c1",
                        "backend",
                        Map.of("pull", Map.of("store", "jolokia:type=NotificationStore,agent=taskmaster"))));
            case "notification/add" -> FakeJolokia.ok("1");
            case "exec/pull" ->
                FakeJolokia.ok(Map.of(
                        "dropped",
                        0,
                        "notifications",
                        List.of(Map.of(
                                "timeStamp",
                                0,
                                "userData",
                                Map.of(
                                        "process",
                                        "web_00",
                                        "oldState",
                                        "STARTING",
                                        "newState",
                                        "RUNNING",
                                        "pid",
                                        4242,
                                        "exitStatus",
                                        -1,
                                        "time",
                                        0)))));
            case "notification/unregister" -> FakeJolokia.ok(null);
            default -> FakeJolokia.error(400, "unexpected " + r);
        });
        Run r = Run.at(fake.url(), "events", "--count", "2");
        assertThat(r.code()).isZero();
        assertThat(r.out().lines().toList())
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).endsWith(" web_00 STARTING -> RUNNING pid 4242"));
        assertThat(fake.requests.getLast())
                .containsEntry("command", "unregister")
                .containsEntry("client", "c1");
    }

    @Test
    void aShutdownWhoseAnswerIsLostSucceedsWhenTheDaemonIsShuttingDown() throws Exception {
        AtomicReference<String> state = new AtomicReference<>("SHUTTING_DOWN");
        serve(r -> "exec".equals(r.get("type")) ? null : FakeJolokia.ok(state.get()));
        Run going = Run.at(fake.url(), "shutdown");
        assertThat(going.out()).isEqualTo("Shut down\n");
        assertThat(going.code()).isZero();
        assertThat(fake.requests.getLast()).containsEntry("type", "read").containsEntry("attribute", "State");
        // still RUNNING: the shutdown was not taken, and the lost answer is reported
        state.set("RUNNING");
        Run notTaken = Run.at(fake.url(), "shutdown");
        assertThat(notTaken.err()).contains("the connection closed before an answer");
        assertThat(notTaken.code()).isEqualTo(Exit.UNREACHABLE);
    }

    @Test
    void aShutdownWhoseAnswerIsLostSucceedsWhenTheDaemonIsGone() throws Exception {
        serve(r -> {
            if ("exec".equals(r.get("type"))) {
                fake.stopNow(); // closes this connection too, unanswered: the daemon exited
                return null;
            }
            return FakeJolokia.ok("RUNNING");
        });
        Run gone = Run.at(fake.url(), "shutdown");
        assertThat(gone.err()).isEmpty();
        assertThat(gone.out()).isEqualTo("Shut down\n");
        assertThat(gone.code()).isZero();
    }

    @Test
    void aShutdownThatCannotConnectIsUnreachable() throws Exception {
        serve(r -> FakeJolokia.ok(null));
        String url = fake.url();
        fake.close();
        fake = null;
        Run r = Run.at(url, "shutdown");
        assertThat(r.err()).contains("connection refused");
        assertThat(r.code()).isEqualTo(Exit.UNREACHABLE);
    }
}
