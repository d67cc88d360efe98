package taskmaster.model;

import java.util.List;

/**
 * What a process's life is made of beyond its launch: the order it starts in, how it says it is
 * ready, how its health is checked and how it is retried. Policies, applied in place by a reload,
 * except the readiness plumbing given at spawn ({@link #launchPart()}).
 *
 * @param restart   retries, backoff, the restart limit, fatal_retry, essential
 * @param readiness how it says it is ready; {@link Readiness#NONE}: when its start time passed
 * @param health    the health check while RUNNING; {@link HealthCheck#NONE}: none
 * @param dependsOn programs or groups (as written in {@code depends_on}) that must be up before it starts
 */
public record Lifecycle(RestartPolicy restart, Readiness readiness, HealthCheck health, List<String> dependsOn) {

    public static final Lifecycle DEFAULT =
            new Lifecycle(RestartPolicy.DEFAULT, Readiness.NONE, HealthCheck.NONE, List.of());

    public Lifecycle {
        dependsOn = List.copyOf(dependsOn);
    }

    /** The part of it a running process was launched with. */
    public Object launchPart() {
        return readiness.launchPart();
    }

    public Lifecycle withRestart(RestartPolicy r) {
        return new Lifecycle(r, readiness, health, dependsOn);
    }

    public Lifecycle withReadiness(Readiness r) {
        return new Lifecycle(restart, r, health, dependsOn);
    }

    public Lifecycle withHealth(HealthCheck h) {
        return new Lifecycle(restart, readiness, h, dependsOn);
    }

    public Lifecycle withDependsOn(List<String> d) {
        return new Lifecycle(restart, readiness, health, d);
    }
}
