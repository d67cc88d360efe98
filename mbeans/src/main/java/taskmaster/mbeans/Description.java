package taskmaster.mbeans;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The sentence JConsole and Jolokia's {@code list} show for an MBean, an attribute (on its getter)
 * or an operation. The daemon's MBean wrapper reads it into the MBeanInfo.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.PARAMETER})
public @interface Description {
    String value();
}
