package io.prognos.core.features;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names and config validation. */
class FeatureSetTest {

    @Test
    void atLeastFortyUniqueNamesInStableOrder() {
        List<String> names = FeatureSet.namesFor(FeatureConfig.defaults());
        assertThat(names).hasSizeGreaterThanOrEqualTo(40).doesNotHaveDuplicates();
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
        assertThat(names.get(0)).isEqualTo("value");
        assertThat(names.get(names.size() - 1)).isEqualTo("doy_cos");
        assertThat(names).containsSubsequence("roll_mean", "roll_std", "roll_min", "roll_max", "roll_median",
                "roll_range", "lag_1", "lag_2", "lag_3", "lag_seasonal", "diff_1", "diff_2", "pct_change",
                "ewm_mean_6", "ewm_std_6", "ewm_mean_24", "ewm_std_24", "exp_mean", "exp_std", "exp_min", "exp_max",
                "volatility", "fft_freq_1", "fft_mag_1", "spectral_energy", "spectral_entropy", "hour_sin",
                "hour_cos", "dow_sin", "dow_cos", "doy_sin");
        assertThat(FeatureSet.namesFor(FeatureConfig.defaults())).isEqualTo(names);
        // even the smallest config (one span) keeps 40
        List<String> one = FeatureSet.namesFor(FeatureConfig.defaults().withEwmSpans(List.of(10)));
        assertThat(one).hasSize(40).doesNotHaveDuplicates();
        FeatureSet set = new FeatureSet(FeatureConfig.defaults());
        assertThat(set.indexOf("volatility")).isEqualTo(names.indexOf("volatility"));
        assertThatThrownBy(() -> set.indexOf("nope")).hasMessageContaining("nope");
        assertThatThrownBy(() -> set.names().add("x")).isInstanceOf(UnsupportedOperationException.class);
        System.out.println("features (" + names.size() + "): " + names);
    }

    @Test
    void configIsValidatedAndImmutable() {
        FeatureConfig defaults = FeatureConfig.defaults();
        assertThat(defaults.window()).isEqualTo(24);
        assertThat(defaults.ewmSpans()).containsExactly(6, 24);
        assertThat(defaults.fftSize()).isEqualTo(64);
        assertThat(defaults.seasonalLag()).isEqualTo(24);
        var spans = new ArrayList<>(List.of(3, 5));
        FeatureConfig config = defaults.withEwmSpans(spans);
        spans.add(7);
        assertThat(config.ewmSpans()).containsExactly(3, 5);
        assertThatThrownBy(() -> config.ewmSpans().add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(config).isEqualTo(defaults.withEwmSpans(List.of(3, 5)));

        assertThatThrownBy(() -> defaults.withWindow(1)).hasMessageContaining("window");
        assertThatThrownBy(() -> defaults.withFftSize(48)).hasMessageContaining("fftSize");
        assertThatThrownBy(() -> defaults.withFftSize(4)).hasMessageContaining("fftSize");
        assertThatThrownBy(() -> defaults.withSeasonalLag(0)).hasMessageContaining("seasonalLag");
        assertThatThrownBy(() -> defaults.withEwmSpans(List.of())).hasMessageContaining("ewmSpans");
        assertThatThrownBy(() -> defaults.withEwmSpans(List.of(3, 3))).hasMessageContaining("distinct");
        assertThatThrownBy(() -> defaults.withEwmSpans(List.of(0))).hasMessageContaining("ewmSpans");
        assertThatThrownBy(() -> new FeatureConfig(24, List.of(6), 64, 24, 0.0)).hasMessageContaining("pctEpsilon");
        assertThatThrownBy(() -> new FeatureConfig(24, List.of(6), 64, 24, Double.NaN))
                .hasMessageContaining("pctEpsilon");
    }
}
