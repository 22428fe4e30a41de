package io.jobsgateway.history;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How fast a job moves, smoothed, from its own progress events: what the server adds to a
 * {@code job.progress} as {@code ratePerSecond} (percent per second) and {@code etaSeconds}
 * (seconds to 100 % at that rate). Each new progress gives a sample, the percent gained since the
 * previous one over the seconds between their timestamps, and the rate moves towards it by
 * {@code 1 - e^(-dt/SMOOTHING_SECONDS)}: an exponentially weighted average over time, not over
 * events, so a burst of events counts as much as the seconds it took. {@code job.started} counts as
 * 0 %, so the first progress already has a rate; a job that goes back (a new phase from 0) starts
 * its estimate again. Events with the same timestamp as the baseline are folded into the next sample.
 *
 * <p>The same rule runs in the Redis publish script ({@link #LUA_NEXT}, {@link #LUA_FIELDS}), on the
 * state kept in the job's owner hash, so a cluster estimates exactly as a single node does.
 *
 * @param progress the baseline: the last progress, in percent
 * @param atMillis the baseline's timestamp
 * @param rate     percent per second, smoothed; NaN while there is no estimate yet
 */
record ProgressRate(double progress, long atMillis, double rate) {

    /** The time constant of the smoothing: a sample this old weighs 1/e of a new one. */
    static final double SMOOTHING_SECONDS = 5;

    /** The longest ETA added, in seconds (about 31 years): beyond it there is no end in sight either. */
    static final long MOST_ETA_SECONDS = 999_999_999;

    /**
     * What {@link #fields} adds at most to an event's JSON: {@code ,"etaSeconds":} and 9 digits,
     * {@code ,"ratePerSecond":} and a rate of at most 100000.000 (100 % in the 1 ms that timestamps resolve).
     */
    static final int MOST_ADDED_BYTES = 14 + 9 + 17 + 10;

    /** The estimate of a job that just started: 0 % at its start, no rate yet. */
    static ProgressRate startedAt(long atMillis) {
        return new ProgressRate(0, atMillis, Double.NaN);
    }

    /** The estimate after a progress of {@code percent} at {@code atMillis}; {@code previous} null when there was none. */
    static ProgressRate next(ProgressRate previous, double percent, long atMillis) {
        if (previous == null || percent < previous.progress) {
            return new ProgressRate(percent, atMillis, Double.NaN);
        }
        double seconds = (atMillis - previous.atMillis) / 1000.0;
        if (seconds <= 0) {
            return previous; // no time passed: this gain goes into the next sample
        }
        double sample = (percent - previous.progress) / seconds;
        double rate = Double.isNaN(previous.rate) ? sample
                : previous.rate + (1 - Math.exp(-seconds / SMOOTHING_SECONDS)) * (sample - previous.rate);
        return new ProgressRate(percent, atMillis, rate);
    }

    /**
     * The fields the server adds to a progress of {@code percent} with this estimate, as JSON members
     * each after a comma ({@code ,"etaSeconds":12,"ratePerSecond":3.4}); empty while there is no
     * rate. {@code etaSeconds} is left out while the rate is 0, or so low that it would be over
     * {@link #MOST_ETA_SECONDS} (no end in sight).
     */
    String fields(double percent) {
        if (Double.isNaN(rate)) {
            return "";
        }
        double seconds = Math.ceil(Math.max(0, 100 - percent) / rate);
        String eta = rate > 0 && seconds <= MOST_ETA_SECONDS ? ",\"etaSeconds\":" + (long) seconds : "";
        return eta + ",\"ratePerSecond\":" + BigDecimal.valueOf(rate).setScale(3, RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString();
    }

    /*
     * The same in Lua, on locals p (percent), t (ms) and the baseline bp, bt, br ('' for no rate, or
     * nil when there is no baseline): leaves the new baseline in bp, bt, br.
     */
    static final String LUA_NEXT = """
            if bp == nil or p < bp then
              bp, bt, br = p, t, ''
            elseif t > bt then
              local seconds = (t - bt) / 1000
              local sample = (p - bp) / seconds
              if br == '' then br = sample
              else br = br + (1 - math.exp(-seconds / %s)) * (sample - br) end
              bp, bt = p, t
            end
            """.formatted(SMOOTHING_SECONDS);

    /* The fields in Lua, from p and br, into the local fields ('' while there is no rate). */
    static final String LUA_FIELDS = """
            local fields = ''
            if br ~= '' then
              if br > 0 then
                local eta = math.ceil(math.max(0, 100 - p) / br)
                if eta <= %d then fields = ',"etaSeconds":' .. string.format('%%d', eta) end
              end
              local rate = string.format('%%.3f', br)
              rate = string.gsub(rate, '0+$', '')
              rate = string.gsub(rate, '%%.$', '')
              fields = fields .. ',"ratePerSecond":' .. rate
            end
            """.formatted(MOST_ETA_SECONDS);
}
