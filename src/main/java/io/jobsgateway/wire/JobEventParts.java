package io.jobsgateway.wire;

/**
 * A job event's JSON around what only the job log knows, its place in the job's stream
 * ({@code seq}, {@code epoch}) and its owner:
 * {@code head + seq + ,"epoch":E + middle + ,"clientId":C[,"userId":U] + tail}. The Redis
 * publish script assembles the same string ({@link #luaAssemble}), so an event reads the same
 * on one node and in a cluster. Epochs, client and user ids are restricted to
 * {@code [A-Za-z0-9._:-]}, so they need no escaping.
 */
public record JobEventParts(String head, String middle, String tail) {

    public String assemble(long seq, String epoch, String clientId, String userId) {
        StringBuilder json = new StringBuilder(head.length() + middle.length() + tail.length() + 80)
                .append(head).append(seq).append(",\"epoch\":\"").append(epoch).append('"')
                .append(middle).append(",\"clientId\":\"").append(clientId).append('"');
        if (userId != null) {
            json.append(",\"userId\":\"").append(userId).append('"');
        }
        return json.append(tail).toString();
    }

    /**
     * These parts with {@code members} ({@code ,"name":value...}, each after a comma) added at the end
     * of the event's {@code data}, which must not be empty: the tail is {@code ,"data":{...}} and
     * the object closing the event, so they go before its last two braces.
     */
    public JobEventParts withDataMembers(String members) {
        return members.isEmpty() ? this
                : new JobEventParts(head, middle, tail.substring(0, tail.length() - 2) + members + "}}");
    }

    /** The Lua statement that does what {@link #withDataMembers} does to the tail in {@code tail}. */
    public static String luaWithDataMembers(String tail, String members) {
        return "if " + members + " ~= '' then " + tail + " = string.sub(" + tail + ", 1, -3) .. " + members
                + " .. '}}' end\n";
    }

    /**
     * The Lua statements that do what {@link #assemble} does, for the Redis publish script:
     * they set the local {@code json} from the script's variables (or {@code ARGV[i]}) named here;
     * an absent user is the empty string.
     */
    public static String luaAssemble(String head, String seq, String epoch, String middle, String clientId,
                                     String userId, String tail) {
        return "local json = " + head + " .. " + seq + " .. ',\"epoch\":\"' .. " + epoch + " .. '\"' .. " + middle
                + " .. ',\"clientId\":\"' .. " + clientId + " .. '\"'\n"
                + "if " + userId + " ~= '' then json = json .. ',\"userId\":\"' .. " + userId + " .. '\"' end\n"
                + "json = json .. " + tail + "\n";
    }

    /** Where a job event stands in its job: the three fields that lead its JSON after {@code type}. */
    public record Place(String jobId, long seq, String epoch) {
    }

    private static final String JOB_ID = "\",\"jobId\":\"";
    private static final String SEQ = "\",\"seq\":";
    private static final String EPOCH = ",\"epoch\":\"";

    /**
     * The place of a job event from its JSON as {@link #assemble} (or the Redis script) wrote it,
     * read without parsing the rest; null for any other message. Job ids and epochs need no
     * escaping, so the first quote ends each.
     */
    public static Place place(String json) {
        if (!json.startsWith("{\"type\":\"job.")) {
            return null;
        }
        int jobStart = json.indexOf(JOB_ID);
        if (jobStart < 0) {
            return null;
        }
        jobStart += JOB_ID.length();
        int jobEnd = json.indexOf('"', jobStart);
        if (jobEnd < 0 || !json.startsWith(SEQ, jobEnd)) {
            return null;
        }
        int seqStart = jobEnd + SEQ.length();
        int seqEnd = seqStart;
        while (seqEnd < json.length() && Character.isDigit(json.charAt(seqEnd))) {
            seqEnd++;
        }
        if (seqEnd == seqStart || !json.startsWith(EPOCH, seqEnd)) {
            return null;
        }
        int epochStart = seqEnd + EPOCH.length();
        int epochEnd = json.indexOf('"', epochStart);
        if (epochEnd < 0) {
            return null;
        }
        return new Place(json.substring(jobStart, jobEnd), Long.parseLong(json.substring(seqStart, seqEnd)),
                json.substring(epochStart, epochEnd));
    }
}
