package org.observer.storage;

/** The last two decompressed blocks of one search: hits cluster, so most fetches reuse one. */
final class BlockCache {

    private ChunkReader chunkA;
    private int blockA = -1;
    private RecordBlock.View rawA;
    private ChunkReader chunkB;
    private int blockB = -1;
    private RecordBlock.View rawB;

    RecordBlock.View get(ChunkReader chunk, int block) {
        if (chunk == chunkA && block == blockA) {
            return rawA;
        }
        if (chunk == chunkB && block == blockB) {
            return rawB;
        }
        return null;
    }

    void put(ChunkReader chunk, int block, RecordBlock.View raw) {
        chunkB = chunkA;
        blockB = blockA;
        rawB = rawA;
        chunkA = chunk;
        blockA = block;
        rawA = raw;
    }
}
