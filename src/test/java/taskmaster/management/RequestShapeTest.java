package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jolokia.json.JSONArray;
import org.jolokia.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.testing.TestDaemon;

/**
 * Requests Jolokia 2.6 misreads are refused before it sees them, with a JSON fault, and change
 * nothing: extra exec arguments (which Jolokia took as a path into the result, after running the
 * operation: shutdown ["x"] shut the daemon down), too few (a plain-text 400), and fields of the
 * wrong JSON type (a JDK exception's text). Found by {@link JolokiaFuzzTest}.
 */
class RequestShapeTest {
    private static final String SUP = "taskmaster:type=Supervisor";
    private static final String ONE = "taskmaster:type=Process,program=one,name=one";

    @TempDir
    Path dir;

    @Test
    void misshapenRequestsGetAJsonFaultAndChangeNothing() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir)
                .programs("[one]\ncmd = sleep 100000\nstarttime = 0\nstoptime = 1\n")
                .start()
                .awaitUrl()) {
            d.awaitState(ONE, "RUNNING");
            Object pid = d.read(ONE, "Pid");

            refused(d, exec(SUP, "shutdown", "\"x\""), "BAD_ARGUMENTS: shutdown takes 0 argument(s), got 1");
            assertThat(d.process.isAlive()).isTrue();
            assertThat(d.read(SUP, "State")).isEqualTo("RUNNING");

            // The type in any case, as Jolokia may read it.
            refused(
                    d,
                    exec(ONE, "stop", "\"extra\"").replace("\"exec\"", "\"EXEC\""),
                    "BAD_ARGUMENTS: stop takes 0 argument(s), got 1");
            refused(d, exec(SUP, "stop", "\"one\",\"extra\""), "BAD_ARGUMENTS: stop takes 1 argument(s), got 2");
            refused(d, exec(SUP, "stop", ""), "BAD_ARGUMENTS: stop takes 1 argument(s), got 0");
            refused(
                    d,
                    exec(SUP, "stop(java.lang.String)", "\"one\",\"x\""),
                    "BAD_ARGUMENTS: stop takes 1 argument(s), got 2");
            // An overloaded name: any of its signatures' counts, or the one written out.
            String threading = "java.lang:type=Threading";
            refused(
                    d,
                    exec(threading, "getThreadInfo", "1,2,3,4,5,6,7,8,9"),
                    "BAD_ARGUMENTS: getThreadInfo takes 1 or 2 or 3 or 4 argument(s), got 9");
            refused(
                    d,
                    exec(threading, "getThreadInfo(long,int)", "1"),
                    "BAD_ARGUMENTS: getThreadInfo takes 2 argument(s), got 1");
            refused(
                    d,
                    "{\"type\":\"exec\",\"mbean\":\"" + SUP + "\",\"operation\":null}",
                    "BAD_ARGUMENTS: \"operation\" must be a string");
            refused(d, "{\"type\":5}", "BAD_ARGUMENTS: \"type\" must be a string");
            refused(
                    d,
                    "{\"type\":\"exec\",\"mbean\":\"" + SUP + "\",\"operation\":\"stop\",\"arguments\":{\"a\":1}}",
                    "BAD_ARGUMENTS: \"arguments\" must be an array");
            refused(d, "{\"type\":\"read\",\"mbean\":7}", "BAD_ARGUMENTS: \"mbean\" must be a string");
            refused(d, "{\"type\":", "BAD_ARGUMENTS: the request body is not JSON");

            // A bulk with one bad request runs none of them.
            HttpResponse<String> bulk =
                    post(d, "[" + exec(SUP, "stop", "\"one\"") + "," + exec(SUP, "shutdown", "1") + "]");
            assertThat(bulk.statusCode()).isEqualTo(400);
            JSONArray answers = (JSONArray) TestDaemon.parse(bulk.body());
            assertThat(answers).hasSize(2);
            assertThat(((JSONObject) answers.get(0)).get("error")).asString().contains("not run: request 2");
            assertThat(((JSONObject) answers.get(1)).get("error"))
                    .isEqualTo("BAD_ARGUMENTS: shutdown takes 0 argument(s), got 1");

            assertThat(d.process.isAlive()).isTrue();
            assertThat(d.read(ONE, "State")).isEqualTo("RUNNING");
            assertThat(d.read(ONE, "Pid")).isEqualTo(pid);

            // Well-formed requests still work, one or in bulk.
            JSONArray ok = d.postBulk(List.of(
                    Map.of("type", "read", "mbean", ONE, "attribute", "State"),
                    Map.of("type", "exec", "mbean", SUP, "operation", "readLog", "arguments", List.of(0, 10)),
                    Map.of("type", "version")));
            for (Object a : ok) {
                assertThat(((Number) ((JSONObject) a).get("status")).intValue())
                        .as("%s", a)
                        .isEqualTo(200);
            }
            assertThat(TestDaemon.value(d.exec(ONE, "stop"))).isNotNull();
            d.awaitState(ONE, "STOPPED");

            // Unauthenticated: 401 before any shape is judged.
            d.as(null, null);
            assertThat(post(d, exec(SUP, "shutdown", "\"x\"")).statusCode()).isEqualTo(401);
            assertThat(post(d, "{\"type\":5}").statusCode()).isEqualTo(401);
        }
    }

    /**
     * A request's own config may not ask for what the agent's forbids: Jolokia lets
     * includeStackTrace and serializeException of a request win over the agent's false, and a
     * failing request (an unknown name) then answered with the daemon's stack trace.
     */
    @Test
    void aRequestCannotAskForStackTraces() throws Exception {
        try (TestDaemon d = TestDaemon.in(dir).programs("").start().awaitUrl()) {
            String start =
                    "{\"type\":\"exec\",\"mbean\":\"" + SUP + "\",\"operation\":\"start\",\"arguments\":[\"nope\"]";
            for (String config : List.of(
                    "{\"includeStackTrace\":true}",
                    "{\"includeStackTrace\":\"runtime\"}",
                    "{\"serializeException\":\"true\"}")) {
                HttpResponse<String> r = post(d, start + ",\"config\":" + config + "}");
                assertThat(r.body()).as(config).doesNotContain("stacktrace").doesNotContain("error_value");
            }
            HttpResponse<String> get = d.send(HttpRequest.newBuilder(
                    URI.create(d.url + "/exec/" + SUP + "/start/nope?includeStackTrace=true&serializeException=true")));
            assertThat(get.body()).doesNotContain("stacktrace").doesNotContain("error_value");
            // false, as the agent has it, is no change
            HttpResponse<String> plain = post(d, start + ",\"config\":{\"includeStackTrace\":false}}");
            assertThat(plain.body()).contains("BAD_NAME: nope");
        }
    }

    private static String exec(String mbean, String op, String args) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + op + "\",\"arguments\":[" + args
                + "]}";
    }

    private static HttpResponse<String> post(TestDaemon d, String body) {
        return d.send(HttpRequest.newBuilder(URI.create(d.url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static void refused(TestDaemon d, String body, String error) {
        HttpResponse<String> r = post(d, body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("json"));
        JSONObject o = (JSONObject) TestDaemon.parse(r.body());
        assertThat(o.get("status")).as(body).isEqualTo(400L);
        assertThat(o.get("error_type")).isEqualTo("BadRequest");
        assertThat(o.get("error")).as(body).isEqualTo(error);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
