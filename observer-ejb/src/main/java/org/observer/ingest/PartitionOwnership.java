package org.observer.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partitions of {@code observer.ingest} this node owns, as the processors' consumer group
 * assigned them, and whether it serves them yet. A newly assigned partition is first caught up
 * (replayed from this node's checkpoint, or from the start when it never held it) and only then
 * served: until then no node answers for it and searches say so, rather than answer from a copy
 * that is behind. A partition leaves the set the moment its revocation starts.
 *
 * <p>Handover: a served partition revoked in a rebalance (every member gives up all its partitions
 * under the classic protocol) goes on answering searches as it stands, as a copy of last resort,
 * until it is served or copied here again or this node sees another node serve it. Nobody applies
 * the partition during the rebalance, so no copy is ahead of it meanwhile; without it, a rolling
 * restart would leave partitions with no answering copy for the length of every rebalance.
 *
 * <p>Fencing against a frozen process: a ticker notes the time every {@link #TICK_MS}. A node
 * stopped (SIGSTOP, a huge GC pause) past the group's session timeout has lost its partitions
 * without knowing it; when it wakes, the ticker sees the gap, drops every partition and makes
 * the processors rejoin. Until the ticker has run again, {@link #serves} is false, so a request
 * handled in the instant after waking is not answered from partitions the node may have lost.
 */
@ApplicationScoped
public class PartitionOwnership {

    /** How often the ticker runs. */
    public static final long TICK_MS = 200;
    /** A tick older than this: the node may have just woken from a freeze; do not answer for partitions. */
    static final long STALE_TICK_MS = 2_000;
    /** A gap between ticks longer than this is a freeze: partitions may have moved meanwhile. */
    public static final long FREEZE_MS = 5_000;

    private record State(boolean serving, long lag) {
    }

    private final Map<Integer, State> assigned = new ConcurrentHashMap<>();
    /** Standby copies kept here: partition → whether the copy has applied all its partition held at its last fetch. */
    private final Map<Integer, Boolean> copies = new ConcurrentHashMap<>();
    /** Partitions revoked while served, answering as they stand until another copy takes over: since when (millis). */
    private final Map<Integer, Long> handingOver = new ConcurrentHashMap<>();
    private volatile long lastTick = System.currentTimeMillis();
    /** Incremented at every freeze: processors compare it with the value they joined under. */
    private volatile long freezes;

    /** The partitions this node serves now, sorted. */
    public Set<Integer> owned() {
        Set<Integer> owned = new TreeSet<>();
        assigned.forEach((partition, state) -> {
            if (state.serving) {
                owned.add(partition);
            }
        });
        return owned;
    }

    /** The partitions assigned to this node, served or still catching up, sorted. */
    public Set<Integer> assigned() {
        return new TreeSet<>(assigned.keySet());
    }

    /** True if this node may answer for {@code partition} now. */
    public boolean serves(int partition) {
        return serves(partition, System.currentTimeMillis());
    }

    boolean serves(int partition, long now) {
        State state = assigned.get(partition);
        return state != null && state.serving && now - lastTick < STALE_TICK_MS;
    }

    /**
     * True if this node may answer a search for {@code partition} now: it serves it, keeps a
     * standby copy of it that is caught up, or hands it over (and it has not just woken from a freeze).
     */
    public boolean answers(int partition) {
        return answers(partition, System.currentTimeMillis());
    }

    boolean answers(int partition, long now) {
        return serves(partition, now) || ((Boolean.TRUE.equals(copies.get(partition)) || handingOver.containsKey(partition))
                && now - lastTick < STALE_TICK_MS);
    }

    /** The partitions this node hands over: revoked while served, answering until another copy takes over. */
    public Set<Integer> handingOver() {
        return new TreeSet<>(handingOver.keySet());
    }

    /** When this node began to hand over {@code partition} (millis), or null if it does not. */
    public Long handingOverSince(int partition) {
        return handingOver.get(partition);
    }

    /** True if this node hands {@code partition} over (see {@link #handingOver()}). */
    public boolean handsOver(int partition) {
        return handingOver.containsKey(partition);
    }

    /** Another node serves these partitions now: this node's handovers of them end. */
    public void servedElsewhere(Set<Integer> partitions) {
        handingOver.keySet().removeAll(partitions);
    }

    /**
     * The partitions this node keeps copies of, caught up or not: its standby copies, and a
     * promoted one until its processor serves it (the others ask this node for them meanwhile).
     */
    public Set<Integer> copied() {
        return new TreeSet<>(copies.keySet());
    }

    /** True if this node keeps a standby copy of {@code partition}, caught up or not. */
    public boolean keepsCopy(int partition) {
        return copies.containsKey(partition);
    }

    /** This node keeps a standby copy of {@code partition}; {@code caughtUp}: it applied all that its last fetch saw. */
    public void copy(int partition, boolean caughtUp) {
        copies.put(partition, caughtUp);
        if (caughtUp) {
            handingOver.remove(partition); // the standby copy here has taken it over
        }
    }

    /**
     * This node no longer keeps a standby copy of {@code partition} (the allocation moved it, or
     * made this node its owner before its processor got it): a caught-up copy answers on as it
     * stands, handed over, until another copy takes over.
     */
    public void dropCopy(int partition) {
        if (Boolean.TRUE.equals(copies.get(partition))) {
            handingOver.put(partition, System.currentTimeMillis()); // first, so that no moment shows the partition nowhere
        }
        copies.remove(partition);
    }

    /** Lag per served partition (records between the processor's position and the partition's end; -1 unknown). */
    public Map<Integer, Long> lag() {
        Map<Integer, Long> lag = new TreeMap<>();
        assigned.forEach((partition, state) -> {
            if (state.serving) {
                lag.put(partition, state.lag);
            }
        });
        return lag;
    }

    /** A processor got {@code partition}; it is caught up before it is served. */
    public void assigned(int partition) {
        assigned.put(partition, new State(false, -1));
    }

    /** {@code partition} is caught up: this node answers for it from now on. */
    public void serving(int partition) {
        assigned.computeIfPresent(partition, (p, state) -> new State(true, state.lag));
        copies.remove(partition); // a promoted copy answered as one until its owner's processor caught up
        handingOver.remove(partition);
    }

    /** Called as soon as {@code partition} is revoked in a rebalance: served, it is handed over. */
    public void revoked(int partition) {
        State state = assigned.get(partition);
        if (state != null && state.serving) {
            handingOver.put(partition, System.currentTimeMillis()); // first, so that no moment shows the partition nowhere
        }
        assigned.remove(partition);
        copies.remove(partition); // a promoted copy not served yet; a standby copy is taken up again from its checkpoint
    }

    /** Called as soon as {@code partition} is lost (another node may own it already): nothing answers for it here. */
    public void lost(int partition) {
        assigned.remove(partition);
        copies.remove(partition);
        handingOver.remove(partition);
    }

    public void lag(int partition, long records) {
        assigned.computeIfPresent(partition, (p, state) -> new State(state.serving, records));
    }

    /** How many freezes this node has woken from. */
    public long freezes() {
        return freezes;
    }

    /** Called every {@link #TICK_MS} by one thread; a long gap since the last call was a freeze. */
    public void tick() {
        tick(System.currentTimeMillis());
    }

    void tick(long now) {
        if (now - lastTick > FREEZE_MS) {
            assigned.clear();
            handingOver.clear();
            copies.replaceAll((partition, caughtUp) -> false); // until the standby has fetched again
            freezes++;
        }
        lastTick = now;
    }
}
