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

    /** {@code s} with its streams tapped as given. */
    private static ProcessSpec tapped(ProcessSpec s, boolean out, boolean err) {
        return new ProcessSpec(
                s.name(),
                s.program(),
                s.group(),
                s.processNum(),
                s.command(),
                s.argv(),
                s.environment(),
                s.workingDir(),
                s.umask(),
                s.user(),
                s.stdout(),
                s.stderr(),
                s.redirectStderr(),
                s.priority(),
                s.autostart(),
                s.autorestart(),
                s.exitCodes(),
                s.startRetries(),
                s.startSeconds(),
                s.stopSignal(),
                s.stopSeconds(),
                s.stopAsGroup(),
                s.killAsGroup(),
                s.timestamps(),
                s.stdinPipe(),
                out,
                err);
    }

    @Test
    void tappingACapturedStreamAppliesInPlace() {
        ProcessSpec captured = spec(SLEEP, FILE, 10, "g");
        assertThat(SpecField.needsRelaunch(captured, tapped(captured, true, false)))
                .isFalse();
        assertThat(SpecField.needsRelaunch(tapped(captured, true, false), captured))
                .isFalse();
    }

    /** A tap needs a pipe, and a discarded stream has none: /dev/null was the child's stream. */
    @Test
    void tappingADiscardedStreamRelaunches() {
        ProcessSpec discarded = spec(SLEEP, Output.DISCARD, 10, "g");
        assertThat(SpecField.needsRelaunch(discarded, tapped(discarded, true, false)))
                .isTrue();
        assertThat(SpecField.needsRelaunch(discarded, tapped(discarded, false, true)))
                .isTrue();
        // Tapped, the stream stays a pipe whether or not it is also logged.
        ProcessSpec logged = spec(SLEEP, FILE, 10, "g");
        assertThat(SpecField.needsRelaunch(tapped(discarded, true, false), tapped(logged, true, false)))
                .isFalse();
    }
}
