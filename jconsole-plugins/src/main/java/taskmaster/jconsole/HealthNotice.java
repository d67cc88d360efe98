package taskmaster.jconsole;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import javax.management.AttributeChangeNotification;
import javax.management.Notification;
import javax.management.openmbean.CompositeData;
import taskmaster.mbeans.Health;
import taskmaster.mbeans.HealthChange;

/**
 * One process's change of health, as the Supervisor's {@code AttributeChangeNotification} of
 * {@code Health} carries it: the new value is the notification's, the process and what the last
 * check said are in the user data ({@link HealthChange}).
 *
 * @param line the change as the event log shows it: {@code 12:00:01 web: health HEALTHY -> UNHEALTHY (HTTP 503)}
 */
record HealthNotice(String process, Health health, String line) {

    static final String ATTRIBUTE = "Health";

    /** The change of health this notification is, or empty for any other notification. */
    static Optional<HealthNotice> of(Notification n) {
        if (!(n instanceof AttributeChangeNotification change
                && ATTRIBUTE.equals(change.getAttributeName())
                && change.getUserData() instanceof CompositeData d)) {
            return Optional.empty();
        }
        String process = (String) d.get(HealthChange.PROCESS);
        Health health = Health.valueOf(String.valueOf(change.getNewValue()));
        String message = d.containsKey(HealthChange.MESSAGE) ? String.valueOf(d.get(HealthChange.MESSAGE)) : "";
        String line = LocalTime.ofInstant(Instant.ofEpochMilli(change.getTimeStamp()), ZoneId.systemDefault())
                        .format(TaskmasterPanel.HMS)
                + " " + process + ": health " + change.getOldValue() + " -> " + change.getNewValue()
                + (message.isEmpty() ? "" : " (" + message + ")");
        return Optional.of(new HealthNotice(process, health, line));
    }
}
