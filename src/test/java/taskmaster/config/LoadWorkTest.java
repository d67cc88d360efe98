package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.UserSpec;

/**
 * The work of a load does not grow with the square of its programs: counted, not timed. Account
 * lookups read /etc/passwd and /etc/group each time, so a file of a thousand programs that name
 * one user must look it up once, not once per program or process.
 */
class LoadWorkTest {

    @TempDir
    Path dir;

    /** Counts the lookups that reach the accounts. */
    private static final class CountingUsers implements UserDirectory {
        final List<String> asked = new ArrayList<>();

        @Override
        public Optional<UserSpec> byName(String name) {
            asked.add(name);
            return TestConfigs.USERS.byName(name);
        }

        @Override
        public Optional<UserSpec> byUid(int uid) {
            asked.add("#" + uid);
            return TestConfigs.USERS.byUid(uid);
        }
    }

    private ConfigLoader loader(CountingUsers users) {
        LoaderInputs base = TestConfigs.inputs(dir);
        return new ConfigLoader(
                new LoaderInputs(base.env(), users, base.currentUid(), base.hostNodeName(), base.defaultChildLogDir()));
    }

    @Test
    void eachAccountIsLookedUpOnceALoadHoweverManyProgramsAndProcessesNameIt() throws Exception {
        StringBuilder conf = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            conf.append("[p").append(i).append("]\ncmd = sleep 1\nuser = alice\n");
            conf.append("[program:q")
                    .append(i)
                    .append("]\ncommand = sleep 1\nuser = ")
                    .append(TestConfigs.ME)
                    .append('\n');
        }
        conf.append("[pool]\ncmd = sleep 1\nuser = alice\nnumprocs = 200\nprocess_name = pool-%(process_num)d\n");
        Path main = TestConfigs.write(dir, "main.conf", conf.toString());
        CountingUsers users = new CountingUsers();

        Configuration c = loader(users).load(main);

        assertThat(c.processes())
                .hasSize(800)
                .allSatisfy(p -> assertThat(p.user().name()).isEqualTo("alice"));
        assertThat(users.asked).containsExactlyInAnyOrder("alice", "#" + TestConfigs.ME);
    }

    @Test
    void aNewLoadLooksAgainSoAnAccountAddedSinceIsFound() throws Exception {
        Path main = TestConfigs.write(dir, "main.conf", "[a]\ncmd = sleep 1\nuser = alice\n");
        CountingUsers users = new CountingUsers();
        ConfigLoader loader = loader(users);

        loader.load(main);
        loader.load(main);

        assertThat(users.asked).containsExactly("alice", "alice");
    }

    @Test
    void anUnknownUserIsStillAnErrorAtEachProgramThatNamesIt() {
        List<String> errors =
                TestConfigs.errors(dir, "[a]\ncmd = sleep 1\nuser = nobody\n[b]\ncmd = sleep 1\nuser = nobody\n");

        assertThat(errors).hasSize(2).allSatisfy(e -> assertThat(e).contains("unknown user 'nobody'"));
        assertThat(errors.get(0)).contains("main.conf:3");
        assertThat(errors.get(1)).contains("main.conf:6");
    }

    @Test
    void everyProcessOfAThousandStillExpandsItsOwnNames() throws Exception {
        Configuration c = TestConfigs.load(
                dir,
                "[w]\ncmd = echo %(program_name)s %(process_num)d %(ENV_USER)s\nnumprocs = 1000\n"
                        + "process_name = w-%(process_num)d\n");

        List<ProcessSpec> procs = c.programsByName().get("w").processes();
        assertThat(procs).hasSize(1000);
        assertThat(procs.getLast().argv()).containsExactly("echo", "w", "999", "alice");
        assertThat(procs.getFirst().argv()).containsExactly("echo", "w", "0", "alice");
    }
}
