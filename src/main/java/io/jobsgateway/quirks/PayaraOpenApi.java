package io.jobsgateway.quirks;

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
 * JSON one; both are removed.
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
        return schema;
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
