package dev.ocistreaming.app;

/**
 * Where the jar keeps the launcher's defaults and routes: under the launcher's package, not the classpath root, so an
 * application that depends on the component never picks them up as its own {@code application.properties} or routes.
 */
public final class BundledFiles {

    /** The bundled {@code application.properties}, as a class path resource name. */
    public static final String PROPERTIES = "dev/ocistreaming/app/application.properties";

    /** The folder of the bundled {@code routes/*.camel.yaml}, as a class path resource name prefix. */
    public static final String ROUTES = "dev/ocistreaming/app/routes/";

    private BundledFiles() {}
}
