package org.observer.storage;

import java.util.function.Consumer;

/**
 * The active segment's terms: term -> the head of its per-field postings chain. Open addressing
 * on {@link String#hashCode()}, so an ASCII token can be found straight from the text it occurs
 * in, lowercasing on the fly, without a String per token; only a new term allocates one.
 */
final class TermTable {

    private ActiveSegment.TermPostings[] slots = new ActiveSegment.TermPostings[1 << 8];
    private int size;

    int size() {
        return size;
    }

    ActiveSegment.TermPostings get(String term) {
        return slots[slot(term, term.hashCode())];
    }

    ActiveSegment.TermPostings get(String term, int hash) {
        return slots[slot(term, hash)];
    }

    /** The head for {@code text[start, end)} (ASCII, lowercased as {@link #hash} does), or null. */
    ActiveSegment.TermPostings get(String text, int start, int end, int hash) {
        ActiveSegment.TermPostings[] table = slots;
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            ActiveSegment.TermPostings head = table[i];
            if (head == null || (head.hash == hash && sameAscii(head.term, text, start, end))) {
                return head;
            }
        }
    }

    /** String.hashCode of the lowercased {@code text[start, end)} (ASCII). */
    static int hash(String text, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            h = 31 * h + (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return h;
    }

    /** Makes {@code head} the chain of its term (new, or a new head for a known term). */
    void put(ActiveSegment.TermPostings head) {
        int i = slot(head.term, head.hash);
        if (slots[i] == null) {
            size++;
            if (size * 2 > slots.length) {
                grow();
                i = slot(head.term, head.hash);
            }
        }
        slots[i] = head;
    }

    void forEachHead(Consumer<ActiveSegment.TermPostings> action) {
        for (ActiveSegment.TermPostings head : slots) {
            if (head != null) {
                action.accept(head);
            }
        }
    }

    private int slot(String term, int hash) {
        ActiveSegment.TermPostings[] table = slots;
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            ActiveSegment.TermPostings head = table[i];
            if (head == null || (head.hash == hash && head.term.equals(term))) {
                return i;
            }
        }
    }

    private void grow() {
        ActiveSegment.TermPostings[] old = slots;
        slots = new ActiveSegment.TermPostings[old.length * 2];
        int mask = slots.length - 1;
        for (ActiveSegment.TermPostings head : old) {
            if (head != null) {
                int i = head.hash & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = head;
            }
        }
    }

    static boolean sameAscii(String term, String text, int start, int end) {
        if (term.length() != end - start) {
            return false;
        }
        for (int i = start, j = 0; i < end; i++, j++) {
            char c = text.charAt(i);
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != term.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}
