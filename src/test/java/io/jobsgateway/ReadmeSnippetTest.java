package io.jobsgateway;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Add it to your application" EJB is the example host application's, to the letter. */
class ReadmeSnippetTest {

    @Test
    void theReadmesEjbIsTheOneTheHostApplicationTestRuns() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Add it to your application");
        assertTrue(section >= 0, "README has no 'Add it to your application' section");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        String snippet = readme.substring(start, readme.indexOf("```", start)).strip();

        String source = Files.readString(Path.of("src/test/java/io/jobsgateway/it/host/ReportJob.java"));
        String ejb = source.substring(source.indexOf("@Stateless")).strip();
        assertTrue(snippet.endsWith(ejb), "the README's snippet must end with ReportJob as the host test runs it:\n" + ejb);
    }
}
