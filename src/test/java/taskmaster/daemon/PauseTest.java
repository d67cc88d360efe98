package taskmaster.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The writers' coalescing pause: unparks do not end it, the cut does. */
class PauseTest {

    @Test
    void unparksDuringThePauseDoNotEndIt() throws Exception {
        long pause = TimeUnit.MILLISECONDS.toNanos(200);
        long[] took = new long[1];
        Thread sleeper = Thread.ofPlatform().start(() -> {
            long t0 = System.nanoTime();
            Pause.full(pause, () -> false);
            took[0] = System.nanoTime() - t0;
        });
        while (sleeper.isAlive()) { // what each change of a burst does to the writer's thread
            LockSupport.unpark(sleeper);
            Thread.onSpinWait();
        }
        sleeper.join();
        assertThat(took[0]).isGreaterThanOrEqualTo(pause);
    }

    @Test
    void theCutEndsItAtTheNextUnpark() throws Exception {
        AtomicBoolean cut = new AtomicBoolean();
        Thread sleeper = Thread.ofPlatform().start(() -> Pause.full(TimeUnit.DAYS.toNanos(1), cut::get));
        cut.set(true);
        LockSupport.unpark(sleeper);
        sleeper.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(sleeper.isAlive()).isFalse();
    }
}
