package io.jobsgateway.wire;

/**
 * A job event's JSON around the two things only the job log knows, its {@code seq} and owner:
 * {@code head + seq + middle + ,"clientId":C[,"userId":U] + tail}. The Redis publish script
 * assembles the same string, so an event reads the same on one node and in a cluster.
 * Client and user ids are restricted to {@code [A-Za-z0-9._:-]}, so they need no escaping.
 */
public record JobEventParts(String head, String middle, String tail) {

    public String assemble(long seq, String clientId, String userId) {
        StringBuilder json = new StringBuilder(head.length() + middle.length() + tail.length() + 64)
                .append(head).append(seq).append(middle).append(",\"clientId\":\"").append(clientId).append('"');
        if (userId != null) {
            json.append(",\"userId\":\"").append(userId).append('"');
        }
        return json.append(tail).toString();
    }

    /**
     * The Lua statements that do what {@link #assemble} does, for the Redis publish script:
     * they set the local {@code json} from the script's variables (or {@code ARGV[i]}) named here;
     * an absent user is the empty string.
     */
    public static String luaAssemble(String head, String seq, String middle, String clientId, String userId, String tail) {
        return "local json = " + head + " .. " + seq + " .. " + middle + " .. ',\"clientId\":\"' .. " + clientId + " .. '\"'\n"
                + "if " + userId + " ~= '' then json = json .. ',\"userId\":\"' .. " + userId + " .. '\"' end\n"
                + "json = json .. " + tail + "\n";
    }
}
