package dev.ocistreaming.camel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The option and header tables in docs/component.md are rendered from the component JSON that the
 * build generates from the annotations; this test fails when they are stale. Refresh them with
 * {@code mvn -B test -Dtest=ComponentDocsTest -Ddocs.update=true}.
 */
class ComponentDocsTest {

    private static final Path JSON =
            Path.of("src/generated/resources/META-INF/dev/ocistreaming/camel/oci-streaming.json");
    private static final Path DOC = Path.of("docs/component.md");
    /** Options every Camel endpoint has; the Camel manual documents them. */
    private static final Set<String> CAMEL_GENERIC = Set.of(
            "bridgeErrorHandler",
            "exceptionHandler",
            "exchangePattern",
            "lazyStartProducer",
            "autowiredEnabled",
            "healthCheckConsumerEnabled",
            "healthCheckProducerEnabled",
            "configuration");

    @Test
    void docTablesMatchTheGeneratedMetadata() throws IOException {
        JsonNode json = new ObjectMapper().readTree(JSON.toFile());
        boolean update = Boolean.getBoolean("docs.update");
        check(DOC, "options", optionsTable(json.get("properties")), update);
        check(DOC, "headers", headersTable(json.get("headers")), update);
    }

    private static void check(Path file, String region, String table, boolean update) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        String start = "<!-- generated:" + region + " -->\n";
        String end = "<!-- /generated:" + region + " -->";
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        assertThat(from)
                .as(file + " needs the markers " + start.trim() + " ... " + end)
                .isGreaterThanOrEqualTo(0);
        assertThat(to).isGreaterThan(from);
        String current = text.substring(from + start.length(), to);
        if (update && !current.equals(table)) {
            Files.writeString(
                    file,
                    text.substring(0, from + start.length()) + table + text.substring(to),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(current)
                .as("The " + region + " table in " + file + " is stale: run mvn -B test"
                        + " -Dtest=ComponentDocsTest -Ddocs.update=true")
                .isEqualTo(table);
    }

    private static String optionsTable(JsonNode properties) {
        StringBuilder sb =
                new StringBuilder("| Option | Group | Default | Type | Description |\n" + "|---|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            if (CAMEL_GENERIC.contains(e.getKey())) {
                continue;
            }
            String name = "`" + e.getKey() + "`" + (p.path("required").asBoolean() ? " (required)" : "");
            String def = p.has("defaultValue") ? "`" + p.get("defaultValue").asText() + "`" : "";
            String type = p.has("enum")
                    ? String.join(" \\| ", iterable(p.get("enum")))
                    : simpleType(p.path("javaType").asText());
            String autowired = p.path("autowired").asBoolean() ? " Autowired." : "";
            sb.append("| ")
                    .append(name)
                    .append(" | ")
                    .append(p.path("group").asText())
                    .append(" | ")
                    .append(def)
                    .append(" | ")
                    .append(type)
                    .append(" | ")
                    .append(cell(p.path("description").asText()))
                    .append(autowired)
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static String headersTable(JsonNode headers) {
        StringBuilder sb = new StringBuilder("| Header | Used by | Type | Description |\n|---|---|---|---|\n");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode h = e.getValue();
            sb.append("| `")
                    .append(e.getKey())
                    .append("` | ")
                    .append(h.path("label").asText())
                    .append(" | ")
                    .append(simpleType(h.path("javaType").asText()))
                    .append(" | ")
                    .append(cell(h.path("description").asText()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    private static Iterable<String> iterable(JsonNode array) {
        java.util.List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String simpleType(String javaType) {
        return "`" + javaType.replaceAll("([a-z0-9]+\\.)+", "") + "`";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
