package taskmaster.daemon;

import java.net.URI;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;

/**
 * log4j's first configuration, named in {@code log4j2.component.properties}: log4j asks it before
 * it searches the classpath for a configuration file to parse. It answers {@link
 * LogConfiguration#boot}, whatever is asked.
 */
public final class BootLogging extends ConfigurationFactory {

    @Override
    protected String[] getSupportedTypes() {
        return new String[] {"*"}; // every type: asked first, before any file is looked for
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, ConfigurationSource source) {
        return LogConfiguration.boot(context);
    }

    @Override
    public Configuration getConfiguration(LoggerContext context, String name, URI location) {
        return LogConfiguration.boot(context);
    }
}
