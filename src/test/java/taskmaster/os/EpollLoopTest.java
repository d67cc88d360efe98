package taskmaster.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;

/** The loop the reaper and the output thread share: keys handed back, wake-ups, stop from either side. */
class EpollLoopTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private final Posix posix = Posix.linux();

    @Test
    void handsBackTheKeyOfAReadableDescriptorAndWakesOnRequest() throws Exception {
        List<Long> ready = new CopyOnWriteArrayList<>();
        AtomicInteger woken = new AtomicInteger();
        List<String> threads = new CopyOnWriteArrayList<>();
        int[] pipe = posix.pipe();
        MemorySegment buffer = Arena.ofAuto().allocate(16);
        EpollLoop loop = new EpollLoop(posix, "test-loop", "test", LogManager.getLogger(EpollLoopTest.class));
        try {
            loop.start(new EpollLoop.Handler() {
                @Override
                public void ready(long key) {
                    threads.add(Thread.currentThread().getName());
                    ready.add(key);
                    try {
                        posix.read(pipe[0], buffer, 16); // level-triggered: empty it or it comes back
                    } catch (PosixException e) {
                        throw new AssertionError(e);
                    }
                }

                @Override
                public void woken() {
                    threads.add(Thread.currentThread().getName());
                    woken.incrementAndGet();
                }
            });
            loop.add(pipe[0], 77);
            posix.write(pipe[1], buffer, 0, 1);
            await().atMost(BOUND).until(() -> ready.contains(77L));
            loop.wake();
            await().atMost(BOUND).until(() -> woken.get() == 1);

            loop.remove(pipe[0]);
            posix.write(pipe[1], buffer, 0, 1);
            loop.wake(); // the wake-up comes after the write: had the pipe still been watched, it came first
            await().atMost(BOUND).until(() -> woken.get() == 2);
            assertThat(ready).containsExactly(77L);
            assertThat(threads).containsOnly("test-loop");
        } finally {
            loop.stop();
            loop.close(BOUND.toMillis());
            posix.close(pipe[0]);
            posix.close(pipe[1]);
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals("test-loop"));
    }

    @Test
    void aHandlerCanStopItsOwnLoop() throws Exception {
        EpollLoop loop = new EpollLoop(posix, "test-loop-self", "test", LogManager.getLogger(EpollLoopTest.class));
        AtomicInteger woken = new AtomicInteger();
        loop.start(new EpollLoop.Handler() {
            @Override
            public void ready(long key) {}

            @Override
            public void woken() {
                woken.incrementAndGet();
                try {
                    loop.stop();
                } catch (PosixException e) {
                    throw new AssertionError(e);
                }
            }
        });
        loop.wake();
        await().atMost(BOUND)
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals("test-loop-self")));
        assertThat(woken).hasValue(1);
        loop.close(BOUND.toMillis());
    }
}
