package taskmaster.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link SpecField} covers every field of a ProcessSpec, and decides relaunch vs in place as documented. */
class SpecFieldTest {

    private static ProcessSpec spec(List<String> argv, Output stdout, int stopSeconds, String group) {
        return new ProcessSpec(
                "web",
                "web",
                group,
                0,
                String.join(" ", argv),
                argv,
                Map.of(),
                null,
                null,
                null,
                stdout,
                Output.DISCARD,
                false,
                999,
                true,
                AutoRestart.UNEXPECTED,
                Set.of(0),
                3,
                5,
                Signal.TERM,
                stopSeconds,
                true,
                true);
    }

    private static final List<String> SLEEP = List.of("/bin/sleep", "9");
    private static final Output FILE = new Output.ToFile(Path.of("/tmp/a.log"));

    @Test
    void everyComponentOfProcessSpecIsAFieldWithItsAccessor() throws Exception {
        ProcessSpec s = spec(SLEEP, FILE, 10, "g");
        List<String> components = Arrays.stream(ProcessSpec.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        assertThat(Arrays.stream(SpecField.values())
                        .map(SpecFieldTest::componentName)
                        .toList())
                .containsExactlyElementsOf(components);
        for (RecordComponent c : ProcessSpec.class.getRecordComponents()) {
            SpecField f =
                    SpecField.valueOf(c.getName().replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT));
            assertThat(f.value(s)).as(f.name()).isEqualTo(c.getAccessor().invoke(s));
        }
    }

    private static String componentName(SpecField f) {
        String[] words = f.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder b = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            b.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return b.toString();
    }

    @Test
    void aNewCommandRelaunches() {
        assertThat(SpecField.needsRelaunch(spec(SLEEP, FILE, 10, "g"), spec(List.of("/bin/sleep", "8"), FILE, 10, "g")))
                .isTrue();
    }

    @Test
    void policiesGroupAndWhereOutputGoesApplyInPlace() {
        ProcessSpec before = spec(SLEEP, FILE, 10, "g");
        assertThat(SpecField.needsRelaunch(before, spec(SLEEP, FILE, 30, "h"))).isFalse();
        assertThat(SpecField.needsRelaunch(before, spec(SLEEP, new Output.ToFile(Path.of("/tmp/b.log")), 10, "g")))
                .isFalse();
        assertThat(SpecField.needsRelaunch(before, spec(SLEEP, Output.DAEMON_STDOUT, 10, "g")))
                .isFalse();
    }

    @Test
    void whetherAStreamIsCapturedIsPartOfTheLaunch() {
        assertThat(SpecField.needsRelaunch(spec(SLEEP, FILE, 10, "g"), spec(SLEEP, Output.DISCARD, 10, "g")))
                .isTrue();
    }
}
