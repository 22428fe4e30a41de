package io.jobsgateway.quirks;

import java.util.Optional;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Puts right what Payara's MicroProfile OpenAPI writes wrong in the gateway's document; on any
 * other implementation it changes nothing. Named by {@code mp.openapi.filter} in the standalone
 * WAR's {@code META-INF/microprofile-config.properties}.
 *
 * <p>Why: Payara copies every member of a {@code @Schema} annotation into the document, the ones
 * left unset too, with the annotation's default values, where MicroProfile OpenAPI 3.1 (the
 * {@code @Schema} Javadoc) says an unset member is ignored: every annotated object says
 * {@code maxProperties: 0}, which allows it no property at all, and a parameter's schema says
 * {@code multipleOf: 0}, {@code maxItems: -2147483648} and {@code minItems: 2147483647}. Those
 * are removed here, and so are the defaults that say nothing ({@code minLength: 0}, …). It also
 * gives {@code GET /api/poll} a request body (from its {@code @Suspended AsyncResponse}), and a
 * request body read as an {@code InputStream} a {@code *}{@code /*} content beside the declared
 * JSON one; both are removed. And it inlines a {@code @Schema(implementation)} as a copy of the
 * class's schema as it stands when met, {@code type: object} without properties when the class was
 * not read yet: the resources name schemas by {@code ref} instead, but an array body (the batch of
 * {@code POST /api/events}) can only say its items by {@code implementation}, so such items are
 * turned back into a {@code $ref} to the class's component, found by the class name Payara keeps.
 *
 * <p>Upstream: none found for the defaults; related, the inlined copy that
 * {@code @Schema(implementation)} makes, without properties when the class was not read yet
 * (which the resources avoid with {@code ref}): <a href="https://github.com/payara/Payara/issues/4802">payara/Payara#4802</a>.
 * Our report, to file: src/docs/upstream-reports.md, section 13.
 */
public class PayaraOpenApi implements OASFilter {

    private static final String JSON = "application/json";
    private static final String ANY = "*/*";

    @Override
    public Schema filterSchema(Schema schema) {
        if (!isPayaras(schema)) {
            return schema;
        }
        if (is(schema.getMaxProperties(), 0)) {
            schema.setMaxProperties(null);
        }
        if (is(schema.getMinProperties(), 0)) {
            schema.setMinProperties(null);
        }
        if (is(schema.getMinLength(), 0)) {
            schema.setMinLength(null);
        }
        if (is(schema.getMaxLength(), Integer.MAX_VALUE)) {
            schema.setMaxLength(null);
        }
        if (schema.getMaxItems() != null && schema.getMaxItems() < 0) {
            schema.setMaxItems(null);
        }
        if (is(schema.getMinItems(), Integer.MAX_VALUE)) {
            schema.setMinItems(null);
        }
        if (schema.getMultipleOf() != null && schema.getMultipleOf().signum() <= 0) {
            schema.setMultipleOf(null);
        }
        Schema items = schema.getItems();
        // Payara's "no properties" is an empty map
        if (items != null && items.getRef() == null && (items.getProperties() == null || items.getProperties().isEmpty())) {
            componentOfImplementation(schema).ifPresent(name -> {
                items.setType(null);
                items.setRef("#/components/schemas/" + name);
            });
        }
        return schema;
    }

    /** The component named by the {@code @Schema} of the class that Payara's schema was made from, if any. */
    private static Optional<String> componentOfImplementation(Schema schema) {
        try {
            Object implementation = schema.getClass().getMethod("getImplementation").invoke(schema);
            if (!(implementation instanceof String className)) {
                return Optional.empty();
            }
            Class<?> type = Class.forName(className, false, PayaraOpenApi.class.getClassLoader());
            return Optional.ofNullable(type.getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class))
                    .map(org.eclipse.microprofile.openapi.annotations.media.Schema::name)
                    .filter(name -> !name.isEmpty());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty(); // not a schema Payara made from a class of ours: nothing to put right
        }
    }

    @Override
    public PathItem filterPathItem(PathItem item) {
        if (!isPayaras(item)) {
            return item;
        }
        if (item.getGET() != null) {
            item.getGET().setRequestBody(null);
        }
        for (Operation operation : item.getOperations().values()) {
            Content content = operation.getRequestBody() == null ? null : operation.getRequestBody().getContent();
            if (content != null && content.hasMediaType(JSON)) {
                content.removeMediaType(ANY);
            }
        }
        return item;
    }

    private static boolean isPayaras(Object model) {
        return model.getClass().getName().startsWith("fish.payara.");
    }

    private static boolean is(Integer value, int expected) {
        return value != null && value == expected;
    }
}
