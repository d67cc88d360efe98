package taskmaster.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The CPU rate: -1 before two samples of the same pid, 0 when the total fell, else ticks over wall time. */
class CpuRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void needsTwoSamplesOfTheSamePid() {
        CpuRate r = new CpuRate(100);
        assertThat(r.percent("a", 10, 0, 0)).isEqualTo(-1);
        // 150 ticks in 2 s: 1.5 s of CPU in 2 s is 75 % of one core
        assertThat(r.percent("a", 10, 150, 2 * S)).isCloseTo(75, within(1e-9));
        // two cores busy for a second
        assertThat(r.percent("a", 10, 350, 3 * S)).isCloseTo(200, within(1e-9));
        // a new spawn: a new pid starts over
        assertThat(r.percent("a", 11, 5, 4 * S)).isEqualTo(-1);
        assertThat(r.percent("a", 11, 5, 5 * S)).isZero();
    }

    @Test
    void aTotalThatFellIsZeroNotNegative() {
        CpuRate r = new CpuRate(100);
        r.percent("a", 10, 500, 0);
        assertThat(r.percent("a", 10, 200, S)).isZero();
        assertThat(r.percent("a", 10, 250, 2 * S)).isCloseTo(50, within(1e-9));
    }

    @Test
    void forgetsNamesNoLongerSampled() {
        CpuRate r = new CpuRate(100);
        r.percent("a", 10, 0, 0);
        r.percent("b", 20, 0, 0);
        r.keepOnly(Set.of("b"));
        assertThat(r.percent("a", 10, 100, S)).isEqualTo(-1);
        assertThat(r.percent("b", 20, 100, S)).isCloseTo(100, within(1e-9));
    }
}
