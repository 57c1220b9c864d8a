package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.oracle.bmc.streaming.model.Stream;
import dev.ocistreaming.testsupport.LocalServerExtension;
import dev.ocistreaming.testsupport.SdkClients;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A blank String option (empty or whitespace) is the same as an unset one, wherever it is set. */
class BlankOptionsIT {

    @RegisterExtension
    static final LocalServerExtension SERVER = new LocalServerExtension();

    @Test
    void everyStringOptionKeepsItsValueWhenSetBlank() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Method setter : OciStreamingConfiguration.class.getMethods()) {
            if (!setter.getName().startsWith("set")
                    || !Arrays.equals(setter.getParameterTypes(), new Class<?>[] {String.class})) {
                continue;
            }
            Method getter = OciStreamingConfiguration.class.getMethod(
                    "get" + setter.getName().substring(3));
            OciStreamingConfiguration defaults = new OciStreamingConfiguration();
            Object unset = getter.invoke(defaults);
            for (String blank : List.of("", "   ", " \t ")) {
                setter.invoke(defaults, blank);
                assertThat(getter.invoke(defaults))
                        .as(setter.getName() + "(\"" + blank + "\")")
                        .isEqualTo(unset);
            }
            OciStreamingConfiguration set = new OciStreamingConfiguration();
            setter.invoke(set, "value");
            setter.invoke(set, " ");
            assertThat(getter.invoke(set))
                    .as(setter.getName() + " after a value")
                    .isEqualTo("value");
            checked.add(setter.getName());
        }
        assertThat(checked)
                .contains("setEndpoint", "setRegion", "setAuthType", "setCommitMode", "setGroupName", "setKey")
                .hasSizeGreaterThanOrEqualTo(18);
    }

    @Test
    void aBlankOptionOnAnEndpointKeepsTheComponentsValue() {
        CamelContext context = new DefaultCamelContext();
        OciStreamingComponent component = new OciStreamingComponent();
        component.getConfiguration().setEndpoint("http://127.0.0.1:9");
        component.getConfiguration().setProfile("OTHER");
        context.addComponent("oci-streaming", component);
        try {
            OciStreamingEndpoint endpoint = context.getEndpoint(
                    "oci-streaming:ocid1.stream.oc1..x?endpoint=" + "&profile=%20&region=&groupName=g",
                    OciStreamingEndpoint.class);
            assertThat(endpoint.getConfiguration().getEndpoint()).isEqualTo("http://127.0.0.1:9");
            assertThat(endpoint.getConfiguration().getProfile()).isEqualTo("OTHER");
            assertThat(endpoint.getConfiguration().getRegion()).isNull();
        } finally {
            context.stop();
        }
    }

    /**
     * camel-main itself refuses an empty {@code camel.component.<name>.<option> =} line ("because value is empty")
     * before any component sees it; an application must leave such a line out, or set it through a placeholder
     * (below). This pins Camel's behaviour, which the component docs describe.
     */
    @Test
    void camelMainRefusesAnEmptyComponentPropertyByItself(@TempDir Path dir) throws Exception {
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, "camel.component.oci-streaming.endpoint =\n");
        Main main = main(properties, writeRoutes(dir, "oci-streaming:ocid1.stream.oc1..x?groupName=g"));
        try {
            assertThat(catchThrowable(main::start))
                    .hasMessageContaining("camel.component.oci-streaming.endpoint")
                    .hasMessageContaining("value is empty");
        } finally {
            main.stop();
        }
    }

    /**
     * application.properties whose settings resolve to blank values, for options that have defaults or must stay
     * unset, on the component and on the route: the route runs as if they were absent.
     */
    @Test
    void blankValuesFromApplicationPropertiesAreIgnoredByARunningRoute(@TempDir Path dir) throws Exception {
        Stream stream = SERVER.createStream("blank-options", 1);
        Path properties = dir.resolve("application.properties");
        Files.writeString(properties, """
                app.unset =
                app.spaces =\s\s
                camel.component.oci-streaming.endpoint = %s
                camel.component.oci-streaming.compartment-id = %s
                camel.component.oci-streaming.initial-position = TRIM_HORIZON
                camel.component.oci-streaming.group-timeout-ms = 1500
                camel.component.oci-streaming.admin-endpoint = {{app.unset}}
                camel.component.oci-streaming.region = {{app.unset}}
                camel.component.oci-streaming.stream-pool-id = {{app.spaces}}
                camel.component.oci-streaming.auth-type = {{app.unset}}
                camel.component.oci-streaming.config-file = {{app.unset}}
                camel.component.oci-streaming.profile = {{app.spaces}}
                camel.component.oci-streaming.commit-mode = {{app.unset}}
                camel.component.oci-streaming.key = {{app.unset}}
                """.formatted(SERVER.url(), SdkClients.COMPARTMENT));
        Path routes = writeRoutes(
                dir,
                "oci-streaming:blank-options?groupName=g&instanceName={{app.unset}}"
                        + "&pollOnError={{app.spaces}}&endpoint={{app.unset}}");
        ComponentTestSupport.put(SERVER, stream.getId(), "m", 3, 1);
        Main main = main(properties, routes);
        try {
            main.start();
            OciStreamingConfiguration c = ((OciStreamingEndpoint)
                            main.getCamelContext().getRoutes().get(0).getEndpoint())
                    .getConfiguration();
            assertThat(c.getEndpoint()).isEqualTo(SERVER.url());
            assertThat(c.getAuthType()).isEqualTo("AUTO");
            assertThat(c.getProfile()).isEqualTo("DEFAULT");
            assertThat(c.getCommitMode()).isEqualTo("AFTER_PROCESSING");
            assertThat(c.getPollOnError()).isEqualTo("RETRY");
            assertThat(c.getRegion()).isNull();
            assertThat(c.getStreamPoolId()).isNull();
            assertThat(c.getInstanceName()).isNull();
            await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVED.size() == 3);
            assertThat(RECEIVED).containsExactly("m0", "m1", "m2");
        } finally {
            main.stop();
        }
    }

    static final List<String> RECEIVED = Collections.synchronizedList(new ArrayList<>());

    /** Called by the YAML route. */
    public static class Sink {
        public void add(String body) {
            RECEIVED.add(body);
        }
    }

    private static Path writeRoutes(Path dir, String uri) throws Exception {
        Path routes = dir.resolve("blank.camel.yaml");
        Files.writeString(routes, """
                - route:
                    from:
                      uri: "%s"
                      steps:
                        - bean:
                            beanType: "%s"
                            method: add
                """.formatted(uri, Sink.class.getName()));
        return routes;
    }

    private static Main main(Path properties, Path routes) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:" + properties);
        main.addOverrideProperty("camel.main.routes-include-pattern", "file:" + routes);
        return main;
    }
}
