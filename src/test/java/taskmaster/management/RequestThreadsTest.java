package taskmaster.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Jolokia's request threads: a few platform threads, and never a request left waiting for one. */
class RequestThreadsTest {

    @Test
    void requestsBeyondThePlatformThreadsRunOnVirtualOnesAtOnce() throws Exception {
        RequestThreads threads = new RequestThreads();
        int n = RequestThreads.PLATFORM + 3;
        CountDownLatch allRunning = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        List<Boolean> virtual = new CopyOnWriteArrayList<>();
        try {
            for (int i = 0; i < n; i++) { // each holds its thread, as an event stream or a long stop does
                threads.execute(() -> {
                    virtual.add(Thread.currentThread().isVirtual());
                    allRunning.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertThat(allRunning.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(virtual.stream().filter(v -> !v).count()).isEqualTo(RequestThreads.PLATFORM);
            assertThat(virtual.stream().filter(v -> v).count()).isEqualTo(3);
        } finally {
            release.countDown();
            threads.shutdown();
        }

        // A platform thread set free serves the next request.
        RequestThreads again = new RequestThreads();
        try {
            CountDownLatch done = new CountDownLatch(1);
            boolean[] onPlatform = new boolean[1];
            again.execute(() -> {
                onPlatform[0] = !Thread.currentThread().isVirtual();
                done.countDown();
            });
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(onPlatform[0]).isTrue();
        } finally {
            again.shutdown();
        }
    }
}
