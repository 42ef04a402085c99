package org.observer.ingest;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionOwnershipTest {

    @Test
    void anAssignedPartitionIsServedOnlyOnceCaughtUp() {
        PartitionOwnership ownership = new PartitionOwnership();
        long now = System.currentTimeMillis();
        ownership.tick(now);
        ownership.assigned(3);
        assertFalse(ownership.serves(3, now), "still catching up");
        assertEquals(Set.of(3), ownership.assigned());
        assertEquals(Set.of(), ownership.owned());
        ownership.serving(3);
        ownership.lag(3, 12);
        assertTrue(ownership.serves(3, now));
        assertEquals(Set.of(3), ownership.owned());
        assertEquals(Map.of(3, 12L), ownership.lag());
        ownership.lost(3);
        assertFalse(ownership.serves(3, now));
        assertEquals(Set.of(), ownership.assigned());
    }

    @Test
    void aStandbyCopyAnswersOnlyWhileCaughtUpAndUntilItsPromotionIsServed() {
        PartitionOwnership ownership = new PartitionOwnership();
        long now = System.currentTimeMillis();
        ownership.tick(now);
        ownership.copy(2, false);
        assertTrue(ownership.keepsCopy(2));
        assertFalse(ownership.answers(2, now), "behind its partition's end");
        ownership.copy(2, true);
        assertTrue(ownership.answers(2, now));
        assertFalse(ownership.serves(2, now), "a copy is not served: admin actions and listings stay with the owner");
        assertFalse(ownership.answers(2, now + PartitionOwnership.FREEZE_MS), "no answer just after a freeze");
        ownership.assigned(2); // promoted: it answers as a copy while its processor catches up
        assertTrue(ownership.answers(2, now));
        ownership.serving(2);
        assertFalse(ownership.keepsCopy(2));
        assertTrue(ownership.answers(2, now));
        ownership.copy(4, true);
        ownership.tick(now + PartitionOwnership.FREEZE_MS + 1);
        assertFalse(ownership.answers(4, now + PartitionOwnership.FREEZE_MS + 1), "a freeze makes copies wait for a fetch");
    }

    @Test
    void aServedPartitionRevokedIsHandedOverUntilAnotherCopyTakesItButALostOneIsNot() {
        PartitionOwnership ownership = new PartitionOwnership();
        long now = System.currentTimeMillis();
        ownership.tick(now);
        for (int p : new int[]{0, 1, 2, 3, 4}) {
            ownership.assigned(p);
        }
        for (int p : new int[]{0, 1, 2, 3}) {
            ownership.serving(p);
        }
        for (int p : new int[]{0, 1, 2, 3, 4}) {
            ownership.revoked(p);
        }
        assertEquals(Set.of(0, 1, 2, 3), ownership.handingOver(), "4 was still catching up: it holds nothing to hand over");
        assertTrue(ownership.answers(0, now));
        assertFalse(ownership.serves(0, now), "handed over, not served");
        assertFalse(ownership.keepsCopy(0), "no copy that applies the partition: refresh=wait_for does not wait here");

        ownership.assigned(0); // given back to this node: it answers as it stands until served again
        assertTrue(ownership.answers(0, now));
        ownership.serving(0);
        ownership.servedElsewhere(Set.of(1));
        ownership.copy(2, false); // a standby copy here now: handed over until the copy has caught up
        assertTrue(ownership.answers(2, now));
        ownership.copy(2, true);
        assertEquals(Set.of(3), ownership.handingOver());

        ownership.lost(3);
        assertFalse(ownership.answers(3, now), "lost: another node may own it already");
        ownership.copy(6, true);
        ownership.copy(7, false);
        ownership.dropCopy(6);
        ownership.dropCopy(7);
        assertTrue(ownership.handsOver(6), "a caught-up standby copy moved away answers until another copy takes over");
        assertFalse(ownership.answers(7, now), "one that was behind does not");
        ownership.servedElsewhere(Set.of(6));
        ownership.assigned(5);
        ownership.serving(5);
        ownership.revoked(5);
        ownership.tick(now + PartitionOwnership.FREEZE_MS + 1);
        assertEquals(Set.of(), ownership.handingOver(), "after a freeze nothing is handed over");
    }

    @Test
    void aNodeWokenFromAFreezeAnswersForNothingAndDropsItsPartitions() {
        PartitionOwnership ownership = new PartitionOwnership();
        long now = System.currentTimeMillis();
        ownership.tick(now);
        ownership.assigned(0);
        ownership.serving(0);
        assertTrue(ownership.serves(0, now + PartitionOwnership.TICK_MS));

        // frozen: nothing ticked for 20 s; a request handled before the ticker runs is refused
        long woken = now + 20_000;
        assertFalse(ownership.serves(0, woken), "the last tick is stale: the node may have lost the partition");
        assertEquals(0, ownership.freezes());

        ownership.tick(woken);
        assertEquals(1, ownership.freezes(), "the ticker saw the gap: processors rejoin");
        assertEquals(Set.of(), ownership.assigned(), "every partition dropped");
        assertFalse(ownership.serves(0, woken));
    }

    @Test
    void regularTicksAreNoFreeze() {
        PartitionOwnership ownership = new PartitionOwnership();
        long now = System.currentTimeMillis();
        ownership.assigned(1);
        ownership.serving(1);
        for (int i = 0; i < 50; i++) {
            now += PartitionOwnership.TICK_MS;
            ownership.tick(now);
        }
        ownership.tick(now + PartitionOwnership.FREEZE_MS); // a slow tick, not past the freeze threshold
        assertEquals(0, ownership.freezes());
        assertTrue(ownership.serves(1, now + PartitionOwnership.FREEZE_MS));
    }
}
