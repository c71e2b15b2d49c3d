package io.prognos.ml;

import java.util.Random;

/** A new order of training windows each epoch, reproducible from the trainer's seeded generator. */
public final class Shuffle {

    private Shuffle() {
    }

    /** Fisher-Yates shuffle in place. */
    public static void inPlace(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }
}
