package dev.ocistreaming.camel;

/** How the component signs its requests to OCI Streaming. */
public enum AuthType {
    /** An autowired provider if any, else NONE for a loopback endpoint, else a config file if present, else a resource
     * principal if its environment is set, else an instance principal. */
    AUTO,
    CONFIG_FILE,
    INSTANCE_PRINCIPAL,
    RESOURCE_PRINCIPAL,
    SESSION_TOKEN,
    /** A throwaway key: for the local server, which does not check signatures. */
    NONE
}
