package taskmaster.mbeans;

/**
 * One flag per {@link Health} value, exactly one of them true: the shape an exporter needs for a
 * 0/1 series per value ({@code taskmaster_process_health{health="HEALTHY"} 1}, the others 0), as
 * {@link StateFlags} does for the state. The components are named after the values, in capitals,
 * so the label reads the same as the {@code Health} attribute.
 */
@SuppressWarnings("checkstyle:MemberName")
public record HealthFlags(boolean HEALTHY, boolean UNHEALTHY, boolean UNKNOWN, boolean NONE) {

    public static HealthFlags of(Health h) {
        return new HealthFlags(h == Health.HEALTHY, h == Health.UNHEALTHY, h == Health.UNKNOWN, h == Health.NONE);
    }
}
