package org.observer.it;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.List;

/**
 * What a search answer says about its own completeness: {@code total}, and
 * {@code "partitions":{"total":P,"answered":K}} with {@code "partial":true} and {@code "missing"}
 * when some partition could not answer. {@code partitions} and {@code answered} are -1 when the
 * answer has no {@code partitions} at all.
 */
record SearchCount(long total, int partitions, int answered, boolean partial, List<Integer> missing) {

    static SearchCount of(JsonObject json) {
        JsonObject p = json.get("partitions") instanceof JsonObject object ? object : null;
        List<Integer> missing = json.get("missing") instanceof jakarta.json.JsonArray array
                ? array.getValuesAs(JsonNumber.class).stream().map(JsonNumber::intValue).toList()
                : List.of();
        return new SearchCount(json.getJsonNumber("total").longValue(),
                p == null ? -1 : p.getInt("total"), p == null ? -1 : p.getInt("answered"),
                json.get("partial") == JsonValue.TRUE, missing);
    }

    /** Every partition answered, and the answer says so. */
    boolean complete() {
        return !partial && partitions > 0 && answered == partitions;
    }

    /** Complete, with every acknowledged log and none beyond what was sent. */
    boolean exact(long acknowledged, long sent) {
        return complete() && total >= acknowledged && total <= sent;
    }

    /**
     * Why this answer is wrong whatever happens next (as opposed to late or partial), or null: more
     * logs than were ever sent (a duplicate), or fewer partitions answered than the answer admits.
     */
    String wrong(long sent) {
        if (total > sent) {
            return "total " + total + " but only " + sent + " logs were sent: some counted twice";
        }
        if (partitions < 0) {
            return "the answer has no \"partitions\":{\"total\",\"answered\"}";
        }
        if (!partial && answered != partitions) {
            return answered + " of " + partitions + " partitions answered, but the answer is not marked partial";
        }
        if (partial && missing.isEmpty()) {
            return "partial, but \"missing\" names no partition";
        }
        return null;
    }

    @Override
    public String toString() {
        return "total " + total + ", partitions " + answered + "/" + partitions
                + (partial ? ", partial, missing " + missing : "");
    }
}
