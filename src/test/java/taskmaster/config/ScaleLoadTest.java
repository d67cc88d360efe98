package taskmaster.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import taskmaster.model.Configuration;
import taskmaster.model.ProcessSpec;
import taskmaster.model.ProgramSpec;
import taskmaster.model.Scale;

/** A scale override builds the program's processes as the files build them, while the files' numprocs holds. */
class ScaleLoadTest {

    @TempDir
    Path dir;

    private static final String CONF = """
        [web]
        cmd = sleep %(process_num)d
        numprocs = 2
        numprocs_start = 1
        process_name = web-%(process_num)d
        [api]
        cmd = sleep 1
        """;

    private Configuration load(String conf, Map<String, Scale> scales) throws ConfigException {
        return new ConfigLoader(TestConfigs.inputs(dir)).scales(scales).load(TestConfigs.write(dir, "main.conf", conf));
    }

    @Test
    void theOverrideBuildsNProcessesWithTheFilesNamesAndValues() throws Exception {
        ProgramSpec web =
                load(CONF, Map.of("web", new Scale(4, 2))).programsByName().get("web");
        assertThat(web.numprocs()).isEqualTo(4);
        assertThat(web.fileNumprocs()).isEqualTo(2);
        assertThat(web.scaled()).isTrue();
        assertThat(web.processes()).extracting(ProcessSpec::name).containsExactly("web-1", "web-2", "web-3", "web-4");
        assertThat(web.processes().getLast().argv()).containsExactly("sleep", "4");
        assertThat(web.processes().getLast().processNum()).isEqualTo(4);
    }

    @Test
    void withoutOverrideOrOnceTheFilesSayAnotherNumprocsTheFilesWin() throws Exception {
        assertThat(load(CONF, Map.of()).programsByName().get("web").numprocs()).isEqualTo(2);
        ProgramSpec web = load(CONF.replace("numprocs = 2", "numprocs = 3"), Map.of("web", new Scale(4, 2)))
                .programsByName()
                .get("web");
        assertThat(web.numprocs()).isEqualTo(3);
        assertThat(web.fileNumprocs()).isEqualTo(3);
        assertThat(web.scaled()).isFalse();
    }

    @Test
    void aScaleOfAProgramWhoseProcessesWouldShareANameIsAnErrorThatSaysWhy() {
        String one = "[solo]\ncmd = sleep 1\nprocess_name = solo\n";
        assertThatThrownBy(() -> load(one, Map.of("solo", new Scale(3, 1))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("names every process the same")
                .hasMessageContaining("scaled to 3 processes");
    }

    @Test
    void theBoundsAreNumprocsOwn() throws Exception {
        ConfigLoader.checkNumprocs(1);
        ConfigLoader.checkNumprocs(1000);
        assertThatThrownBy(() -> ConfigLoader.checkNumprocs(0))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("allowed: an integer from 1 to 1000");
        assertThatThrownBy(() -> ConfigLoader.checkNumprocs(1001)).isInstanceOf(InvalidValueException.class);
    }
}
