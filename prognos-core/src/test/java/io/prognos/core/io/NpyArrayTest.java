package io.prognos.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NpyArrayTest {

    @Test
    void rejectsDataThatDoesNotFillTheShape() {
        assertThatThrownBy(() -> new NpyArray(new int[] {2, 3}, "<f8", new double[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 3) holds 6 elements but data has 5");
    }

    @Test
    void copiesTheShapeSoItCannotBeChangedFromOutside() {
        int[] shape = {2};
        NpyArray array = new NpyArray(shape, "<f8", new double[] {1, 2});
        shape[0] = 7;
        array.shape()[0] = 9;

        assertThat(array.shape()).containsExactly(2);
    }

    @Test
    void indexesTheMatrixViewInRowMajorOrder() {
        NpyArray array = new NpyArray(new int[] {2, 2}, "<f8", new double[] {1, 2, 3, 4});

        assertThat(array.get(1, 0)).isEqualTo(3.0);
        assertThat(array.get(0, 1)).isEqualTo(2.0);
        assertThatThrownBy(() -> array.get(2, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void comparesByContent() {
        NpyArray a = new NpyArray(new int[] {2}, "<f8", new double[] {1, Double.NaN});
        NpyArray b = new NpyArray(new int[] {2}, "<f8", new double[] {1, Double.NaN});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new NpyArray(new int[] {2}, "<f4", new double[] {1, Double.NaN}));
        assertThat(a).hasToString("NpyArray[shape=(2,), descr=<f8]");
    }

    @Test
    void requireFiniteNamesTheIndexOfHigherDimensionalArrays() {
        double[] data = new double[8];
        data[5] = Double.POSITIVE_INFINITY;
        NpyArray cube = new NpyArray(new int[] {2, 2, 2}, "<f8", data);

        assertThatThrownBy(() -> cube.requireFinite("cube.npy"))
                .hasMessage("cube.npy: +infinity at index [1, 0, 1]");
    }
}
