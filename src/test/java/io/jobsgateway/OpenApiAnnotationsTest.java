package io.jobsgateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobsgateway.demo.DemoJobsResource;
import io.jobsgateway.http.ApiError;
import io.jobsgateway.http.EventBatchResource;
import io.jobsgateway.http.JobEventsResource;
import io.jobsgateway.http.MessagesResource;
import io.jobsgateway.http.TicketsResource;
import io.jobsgateway.stream.PollResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.junit.jupiter.api.Test;

/**
 * Before any server reads them: every JAX-RS operation of the gateway says what it is, who may call
 * it, and what each of its answers holds: a record of its own for a success, the contract's error
 * body for every error, each by {@code ref} to the record's schema name (Payara inlines an
 * {@code implementation} as it stands when met, without properties when the record was not read yet). (What the servers make of it is checked by the integration tests, OpenApiDocument.)
 */
class OpenApiAnnotationsTest {

    private static final List<Class<?>> RESOURCES = List.of(JobEventsResource.class, EventBatchResource.class, MessagesResource.class,
            TicketsResource.class, PollResource.class, DemoJobsResource.class);

    @Test
    void everyOperationIsDescribedWithItsAnswersSchemas() {
        List<String> problems = new ArrayList<>();
        int operations = 0;
        for (Class<?> resource : RESOURCES) {
            for (Method method : resource.getDeclaredMethods()) {
                if (!method.isAnnotationPresent(GET.class) && !method.isAnnotationPresent(POST.class)) {
                    continue;
                }
                operations++;
                String name = resource.getSimpleName() + "." + method.getName();
                Operation operation = method.getAnnotation(Operation.class);
                if (operation == null || operation.operationId().isEmpty() || operation.summary().isEmpty()) {
                    problems.add(name + ": no @Operation with an operationId and a summary");
                }
                List<String> security = Arrays.stream(method.getAnnotationsByType(SecurityRequirement.class))
                        .map(SecurityRequirement::name).toList();
                if (!security.containsAll(List.of("bearer", "apiKey"))) {
                    problems.add(name + ": security " + security + " lacks bearer or apiKey");
                }
                APIResponse[] responses = method.getAnnotationsByType(APIResponse.class);
                if (Arrays.stream(responses).noneMatch(response -> response.responseCode().startsWith("2"))) {
                    problems.add(name + ": no success answer");
                }
                Set<String> answers = Arrays.stream(resource.getDeclaredClasses()).filter(Class::isRecord)
                        .map(type -> type.getAnnotation(Schema.class)).filter(Objects::nonNull).map(Schema::name)
                        .collect(Collectors.toSet());
                for (APIResponse response : responses) {
                    String ref = Arrays.stream(response.content()).map(content -> content.schema().ref()).findFirst().orElse("");
                    boolean error = response.responseCode().compareTo("400") >= 0;
                    if (error ? !ref.equals(ApiError.Body.SCHEMA) : !answers.contains(ref)) {
                        problems.add(name + ": " + response.responseCode() + " refers to '" + ref + "', not to "
                                + (error ? "the error body" : "one of " + answers));
                    }
                }
            }
        }
        assertEquals(7, operations, "the JAX-RS operations of the HTTP API");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
