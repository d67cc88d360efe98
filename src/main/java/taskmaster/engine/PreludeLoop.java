package taskmaster.engine;

/**
 * The loop as the engine and its processes use it: each task they post or schedule (an exit from
 * the reaper, a timer, a command) first runs the prelude. The engine's prelude begins a shutdown
 * asked for meanwhile. The loop runs tasks in the order they were posted, so without it a shutdown
 * asked for while exits already wait in the queue would come after them, and the reload whose stops
 * they end would spawn its new commands after the shutdown was asked for.
 */
final class PreludeLoop implements Loop {
    private final Loop loop;
    private final Runnable prelude;

    PreludeLoop(Loop loop, Runnable prelude) {
        this.loop = loop;
        this.prelude = prelude;
    }

    @Override
    public long now() {
        return loop.now();
    }

    @Override
    public long wallClock() {
        return loop.wallClock();
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(() -> {
            prelude.run();
            task.run();
        });
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        return loop.schedule(delayMillis, () -> {
            prelude.run();
            task.run();
        });
    }

    @Override
    public boolean inLoop() {
        return loop.inLoop();
    }
}
