package dev.ocistreaming.camel.client;

import com.oracle.bmc.ConfigFileReader;
import com.oracle.bmc.auth.BasicAuthenticationDetailsProvider;
import com.oracle.bmc.auth.ConfigFileAuthenticationDetailsProvider;
import com.oracle.bmc.auth.InstancePrincipalsAuthenticationDetailsProvider;
import com.oracle.bmc.auth.ResourcePrincipalAuthenticationDetailsProvider;
import com.oracle.bmc.auth.SessionTokenAuthenticationDetailsProvider;
import dev.ocistreaming.camel.AuthType;
import dev.ocistreaming.camel.OciStreamingConfiguration;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns {@code authType} (and friends) into an SDK authentication provider. */
public final class AuthenticationFactory {

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFactory.class);
    private static final String RESOURCE_PRINCIPAL_ENV = "OCI_RESOURCE_PRINCIPAL_VERSION";

    private AuthenticationFactory() {}

    /** The auth type AUTO stands for with this configuration; other types are returned as they are. */
    public static AuthType resolve(OciStreamingConfiguration c) {
        AuthType type = c.authType();
        if (type != AuthType.AUTO) {
            return type;
        }
        if (c.getAuthenticationDetailsProvider() != null) {
            return AuthType.AUTO;
        }
        if (isLoopback(firstNonNull(c.getEndpoint(), c.getAdminEndpoint()))) {
            return AuthType.NONE;
        }
        if (configFileExists(c.getConfigFile())) {
            return AuthType.CONFIG_FILE;
        }
        if (System.getenv(RESOURCE_PRINCIPAL_ENV) != null) {
            return AuthType.RESOURCE_PRINCIPAL;
        }
        return AuthType.INSTANCE_PRINCIPAL;
    }

    /** Builds the provider; failures name the auth type and the file or environment at fault. */
    public static BasicAuthenticationDetailsProvider create(OciStreamingConfiguration c) {
        AuthType type = resolve(c);
        LOG.debug("Authentication for stream {}: {}", c.getStream(), type == AuthType.AUTO ? "autowired" : type);
        try {
            switch (type) {
                case AUTO:
                    return c.getAuthenticationDetailsProvider();
                case NONE:
                    return ThrowawayAuthentication.provider();
                case CONFIG_FILE:
                    return new ConfigFileAuthenticationDetailsProvider(configFile(c), c.getProfile());
                case SESSION_TOKEN:
                    return new SessionTokenAuthenticationDetailsProvider(configFile(c), c.getProfile());
                case RESOURCE_PRINCIPAL:
                    return ResourcePrincipalAuthenticationDetailsProvider.builder()
                            .build();
                case INSTANCE_PRINCIPAL:
                    return InstancePrincipalsAuthenticationDetailsProvider.builder()
                            .build();
                default:
                    throw new IllegalStateException("Unhandled authType " + type);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "authType=" + type + " failed"
                            + (type == AuthType.CONFIG_FILE || type == AuthType.SESSION_TOKEN
                                    ? " (configFile=" + configFile(c) + ", profile=" + c.getProfile() + ")"
                                    : "")
                            + ": " + e.getMessage(),
                    e);
        }
    }

    /** True for localhost, 127.0.0.0/8 and ::1: only the local server lives there. */
    public static boolean isLoopback(String endpoint) {
        if (endpoint == null) {
            return false;
        }
        try {
            String host = URI.create(endpoint).getHost();
            if (host == null) {
                return false;
            }
            host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return host.equalsIgnoreCase("localhost") || host.startsWith("127.") || host.equals("::1");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String configFile(OciStreamingConfiguration c) {
        if (c.getConfigFile() != null) {
            return expandHome(c.getConfigFile());
        }
        String env = System.getenv(ConfigFileReader.OCI_CONFIG_FILE_PATH_ENV_VAR_NAME);
        return env != null ? env : expandHome(ConfigFileReader.DEFAULT_FILE_PATH);
    }

    private static boolean configFileExists(String configured) {
        if (configured != null) {
            return Files.isRegularFile(Path.of(expandHome(configured)));
        }
        String env = System.getenv(ConfigFileReader.OCI_CONFIG_FILE_PATH_ENV_VAR_NAME);
        return (env != null && Files.isRegularFile(Path.of(env)))
                || Files.isRegularFile(Path.of(expandHome(ConfigFileReader.DEFAULT_FILE_PATH)));
    }

    private static String expandHome(String path) {
        return path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
