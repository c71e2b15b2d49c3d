package io.prognos.core.features;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream's retained buffers do not grow with the number of readings pushed. */
class FeatureMemoryTest {

    @Test
    void retainedBuffersStayTheSameSizeOver100000Pushes() {
        FeatureConfig config = FeatureConfig.defaults();
        FeatureStream stream = new FeatureStream(config);
        int initial = stream.retainedSize();
        Random random = new Random(1);
        long ts = 0;
        int after100 = -1;
        for (int i = 0; i < 100_000; i++) {
            ts += 60_000;
            double[] row = stream.push(ts, 10 + random.nextGaussian() + (i > 50_000 ? 5 : 0));
            assertThat(row).hasSize(stream.names().size());
            if (i == 99) {
                after100 = stream.retainedSize();
            }
        }
        assertThat(stream.count()).isEqualTo(100_000);
        assertThat(stream.retainedSize()).isEqualTo(after100).isEqualTo(initial);
        // bounded by the config: a handful of arrays of the window, FFT and seasonal sizes
        int bound = 20 * (config.window() + config.fftSize() + config.seasonalLag()) + 3 * config.ewmSpans().size();
        assertThat(stream.retainedSize()).isLessThan(bound);
        System.out.printf("feature stream retains %d array elements (defaults) after %d pushes%n",
                stream.retainedSize(), stream.count());
    }
}
