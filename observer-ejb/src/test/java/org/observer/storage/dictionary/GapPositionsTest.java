package org.observer.storage.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** The predicted form of a list's gaps decodes to the plain one, whatever the shapes and gaps. */
class GapPositionsTest {

    @Test
    void predictedGapsDecodeToThePlainOnes() {
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            int shapeCount = 1 + random.nextInt(6);
            int documents = 1 + random.nextInt(400);
            int[] shapeOf = new int[documents];
            for (int i = 0; i < documents; i++) {
                shapeOf[i] = random.nextInt(shapeCount);
            }
            int size = 1 + random.nextInt(documents);
            int[] ordinals = random.ints(0, documents).distinct().limit(size).sorted().toArray();
            size = ordinals.length;
            byte[] plain = new byte[size];
            for (int i = 0; i < size; i++) {
                // mostly a shape's usual gap, sometimes another or unknown
                int roll = random.nextInt(10);
                plain[i] = roll == 0 ? GapPositions.UNKNOWN
                        : GapPositions.of(roll == 1 ? random.nextInt(5) : shapeOf[ordinals[i]] % 3);
            }
            byte[] predicted = GapPositions.predicted(ordinals, plain, size, shapeOf, shapeCount);
            GapPositions.Decoder decoder = new GapPositions.Decoder(shapeCount);
            int asBefore = 0;
            for (int i = 0; i < size; i++) {
                int expected = plain[i] == GapPositions.UNKNOWN ? -1 : (plain[i] & 0xFF) - GapPositions.OFFSET;
                assertEquals(expected, decoder.next(predicted[i], shapeOf[ordinals[i]]), "round " + round + " at " + i);
                asBefore += predicted[i] == GapPositions.AS_BEFORE ? 1 : 0;
            }
            assertTrue(size < 50 || asBefore > size / 4, "repeats are predicted: " + asBefore + " of " + size);
        }
    }

    @Test
    void gapsPastWhatAByteNamesAreUnknown() {
        assertEquals(GapPositions.UNKNOWN, GapPositions.of(GapPositions.MAX_GAP + 1));
        assertEquals(GapPositions.MAX_GAP, new GapPositions.Decoder(1).next(GapPositions.of(GapPositions.MAX_GAP), 0));
    }
}
