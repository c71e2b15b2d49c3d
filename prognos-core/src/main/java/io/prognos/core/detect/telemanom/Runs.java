package io.prognos.core.detect.telemanom;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Maximal runs of consecutive set bits, as inclusive {@code [first, last]} pairs in ascending order. */
final class Runs {

    private Runs() {
    }

    static List<int[]> of(BitSet bits) {
        List<int[]> runs = new ArrayList<>();
        int start = bits.nextSetBit(0);
        while (start >= 0) {
            int end = bits.nextClearBit(start) - 1;
            runs.add(new int[] {start, end});
            start = bits.nextSetBit(end + 1);
        }
        return runs;
    }
}
