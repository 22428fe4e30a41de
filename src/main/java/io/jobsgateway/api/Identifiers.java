package io.jobsgateway.api;

import java.util.regex.Pattern;

/** The one rule for job, user and client identifiers, as the wire contract states it. */
public final class Identifiers {

    public static final int MAX_LENGTH = 128;
    /** The rule in words, for messages: "jobId must be " + RULE. */
    public static final String RULE = "1 to " + MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -";
    /** The rule as a regular expression of the whole id, for documents such as the OpenAPI one (anchor it there). */
    public static final String PATTERN = "[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}";
    private static final Pattern ALLOWED = Pattern.compile(PATTERN);

    private Identifiers() {
    }

    public static boolean isValid(String id) {
        return id != null && ALLOWED.matcher(id).matches();
    }

    /** Returns the id, or throws with a message that names the field and the rule it broke. */
    public static String require(String field, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(field + " must be " + RULE);
        }
        return id;
    }
}
