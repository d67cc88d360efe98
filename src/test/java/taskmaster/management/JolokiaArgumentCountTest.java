package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * Calls whose arguments do not fit the operation run nothing and get a fault. Found by
 * {@link JolokiaFuzzTest}: a null for a number answered with a NullPointerException naming JDK internals.
 */
class JolokiaArgumentCountTest {
    private static final String ONE = "taskmaster:type=Process,program=one,name=one";

    @TempDir
    Path dir;

    @Test
    void wrongArgumentsRunNothing() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .programs("[one]\ncmd = sleep 100000\nstarttime = 0\nstoptime = 1\n")
                .start()
                .awaitUrl()) {
            d.awaitState(ONE, "RUNNING");
            for (Object args : new Object[] {Map.of("a", 1), "x", 5, true}) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("type", "exec");
                r.put("mbean", ONE);
                r.put("operation", "stop");
                r.put("arguments", args);
                JSONObject answer = d.postOne(r);
                assertThat(((Number) answer.get("status")).intValue())
                        .as("stop with %s: %s", args, answer)
                        .isNotEqualTo(200);
                assertThat(d.read(ONE, "State")).as("after stop with %s", args).isEqualTo("RUNNING");
            }
            Map<String, Object> nullNumber = new LinkedHashMap<>();
            nullNumber.put("type", "exec");
            nullNumber.put("mbean", ONE);
            nullNumber.put("operation", "tailStdout");
            nullNumber.put("arguments", java.util.Arrays.asList((Object) null));
            JSONObject answer = d.postOne(nullNumber);
            assertThat(answer.get("error_type")).isEqualTo("java.lang.IllegalArgumentException");
            assertThat((String) answer.get("error"))
                    .isEqualTo("BAD_ARGUMENTS: tailStdout: argument 1 is null"
                            + " (allowed: a number, or true or false for a boolean)");
            // Too few arguments: nothing runs either; RequestShape refuses them (Jolokia did, in plain text).
            for (String call : List.of(
                    "{\"type\":\"exec\",\"mbean\":\"taskmaster:type=Supervisor\",\"operation\":\"stop\",\"arguments\":[]}",
                    "{\"type\":\"exec\",\"mbean\":\"taskmaster:type=Supervisor\",\"operation\":\"signal\",\"arguments\":[\"one\"]}")) {
                var r = d.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.url))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(call)));
                assertThat(r.statusCode()).as(call).isEqualTo(400);
                assertThat(r.body())
                        .startsWith("{\"status\":400,\"error_type\":\"BadRequest\",\"error\":\"BAD_ARGUMENTS: ")
                        .contains(" takes ")
                        .doesNotContain("\tat ");
                assertThat(d.read(ONE, "State")).isEqualTo("RUNNING");
            }
        }
    }
}
