package dev.ocistreaming.camel.client;

/**
 * A stream as the component uses it.
 *
 * @param id               the stream OCID
 * @param name             its name, or null when given by OCID and never looked up
 * @param messagesEndpoint where its data plane lives
 */
public record ResolvedStream(String id, String name, String messagesEndpoint) {}
