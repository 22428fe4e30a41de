package io.jobsgateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The browser client's files in src/main/client, which are both the npm package (its package.json)
 * and what Maven serves from the WAR and the library: one version, one code, the same files.
 * ClientPackageIT packs and uses the package; BrowserIT loads it from the WAR.
 */
class ClientPackageTest {

    private static final Path CLIENT = Path.of("src/main/client");
    private static final String BEGIN = "// >>> The client:";
    private static final String END = "// <<< The client ends here.";

    @Test
    void thePackageHasTheMavenProjectsVersion() throws Exception {
        Document pom;
        try (InputStream in = Files.newInputStream(Path.of("pom.xml"))) {
            pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        String mavenVersion = XPathFactory.newInstance().newXPath().evaluate("/project/version", pom);

        assertFalse(mavenVersion.isBlank(), "pom.xml names the project's version");
        assertEquals(mavenVersion, packageJson().getString("version"),
                "src/main/client/package.json must have the version of pom.xml (a -SNAPSHOT is valid semver too)");
    }

    /**
     * jobs-client.js is jobs-client.esm.js's code in a classic script's wrapper: a classic script can
     * import no module, so the code is copied, not built, and must stay the same to the letter.
     */
    @Test
    void theClassicScriptHoldsTheModulesCodeToTheLetter() throws IOException {
        String module = Files.readString(CLIENT.resolve("jobs-client.esm.js"));
        String script = Files.readString(CLIENT.resolve("jobs-client.js"));

        String code = region(module, "jobs-client.esm.js");
        String copy = region(script, "jobs-client.js");
        assertTrue(code.equals(copy), () -> "jobs-client.js must hold the lines of jobs-client.esm.js between the marks"
                + " as they are: run `node sync-script.mjs` in src/main/client (edit the module, never the copy). "
                + firstDifference(code.lines().toList(), copy.lines().toList()));
        assertFalse(code.contains("import.meta") || code.lines().anyMatch(line -> line.matches("(import|export)\\b.*")),
                "the shared code must parse as a classic script too: no import, export or import.meta between the marks");
        assertTrue(script.strip().endsWith("globalThis.JobsClient = JobsClient;\n})();"),
                "jobs-client.js ends by defining the global JobsClient");
    }

    /** What the WAR and the library serve (the pom's jobs-client.* of src/main/client) is what the package holds. */
    @Test
    void thePackageHoldsTheFilesTheWarServes() throws IOException {
        Set<String> served;
        try (Stream<Path> files = Files.list(CLIENT)) {
            served = files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("jobs-client."))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        Set<String> packed = packageJson().getJsonArray("files").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(served, packed, "package.json's files must be the jobs-client.* files of src/main/client");
    }

    private static String firstDifference(List<String> code, List<String> copy) {
        for (int i = 0; i < Math.max(code.size(), copy.size()); i++) {
            String expected = i < code.size() ? code.get(i) : "(the end)";
            String actual = i < copy.size() ? copy.get(i) : "(the end)";
            if (!expected.equals(actual)) {
                return "The region's line " + (i + 1) + " is\n  " + expected + "\nin the module, and\n  " + actual
                        + "\nin the copy.";
            }
        }
        return "They differ in their line ends.";
    }

    private static String region(String text, String file) {
        int begin = text.indexOf("\n" + BEGIN) + 1;
        int end = text.indexOf("\n" + END + "\n", begin) + 1;
        assertTrue(begin > 0 && end > 0, file + " must hold the client's code between a line starting '" + BEGIN
                + "' and a line '" + END + "'");
        return text.substring(begin, end + END.length() + 1);
    }

    private static JsonObject packageJson() throws IOException {
        try (Reader in = Files.newBufferedReader(CLIENT.resolve("package.json"))) {
            return Json.createReader(in).readObject();
        }
    }
}
