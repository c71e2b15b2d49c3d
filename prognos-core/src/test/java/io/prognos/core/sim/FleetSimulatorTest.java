package io.prognos.core.sim;

import io.prognos.core.asset.Sensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetSimulatorTest {

    private static final long START = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @Test
    void fleetHasThreeAssetsAndTwelveSensorsWithLimits() {
        FleetSimulator sim = new FleetSimulator(1, START, 100);
        assertThat(sim.assets()).hasSize(3);
        assertThat(sim.sensors()).hasSize(12);
        assertThat(sim.sensors().stream().map(Sensor::assetId).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("PUMP-101", "MOTOR-201", "COMP-301");
        assertThat(sim.sensors()).allSatisfy(s -> assertThat(s.critical().hasHigh() || s.critical().hasLow()).isTrue());
    }

    @Test
    void sameSeedGivesSameReadingsAndTimestampsAdvanceByThePeriod() {
        FleetSimulator a = new FleetSimulator(5, START + 12_345, 10);
        FleetSimulator b = new FleetSimulator(5, START + 12_345, 10);
        assertThat(a.startMillis()).isEqualTo(START);
        for (int step = 0; step < 50; step++) {
            List<FleetSimulator.Reading> ra = a.next();
            assertThat(ra).isEqualTo(b.next());
            long expected = START + step * 60_000L;
            assertThat(ra).allSatisfy(r -> assertThat(r.timestampMillis()).isEqualTo(expected));
        }
        assertThat(new FleetSimulator(6, START, 10).next()).isNotEqualTo(new FleetSimulator(5, START, 10).next());
    }

    @Test
    void historyIsCleanAndFaultsComeAfterIt() {
        int history = 2000;
        FleetSimulator sim = new FleetSimulator(3, START, history);
        assertThat(sim.faults()).hasSize(5);
        assertThat(sim.faults().stream().map(FleetSimulator.Fault::kind).collect(Collectors.toSet()))
                .hasSize(FleetSimulator.FaultKind.values().length);
        assertThat(sim.faults()).allSatisfy(f -> assertThat(f.startMillis()).isGreaterThanOrEqualTo(sim.liveStartMillis()));
        assertThat(new HashSet<>(sim.faults().stream().map(FleetSimulator.Fault::sensorId).toList())).hasSize(5);
    }

    @Test
    void faultsChangeTheirSensorAsDescribed() {
        int history = 600;
        FleetSimulator faulty = new FleetSimulator(9, START, history);
        Map<String, FleetSimulator.Fault> byKind = faulty.faults().stream()
                .collect(Collectors.toMap(f -> f.kind().name(), f -> f));
        long end = byKind.get("NOISE_BURST").endMillis() + 60_000;
        List<FleetSimulator.Reading> all = new ArrayList<>();
        while (faulty.nextTimestampMillis() <= end) {
            all.addAll(faulty.next());
        }
        FleetSimulator.Fault stuck = byKind.get("STUCK");
        assertThat(values(all, stuck.sensorId(), stuck.startMillis(), stuck.endMillis()).distinct().count()).isEqualTo(1);
        assertThat(values(all, stuck.sensorId(), stuck.endMillis() + 60_000, stuck.endMillis() + 600_000).distinct().count())
                .isGreaterThan(5);

        FleetSimulator.Fault shift = byKind.get("LEVEL_SHIFT");
        double before = values(all, shift.sensorId(), shift.startMillis() - 7_200_000, shift.startMillis() - 60_000)
                .average().orElseThrow();
        double during = values(all, shift.sensorId(), shift.startMillis(), shift.endMillis()).average().orElseThrow();
        assertThat(during - before).isGreaterThan(5);

        FleetSimulator.Fault spikes = byKind.get("SPIKES");
        double spikeMax = values(all, spikes.sensorId(), spikes.startMillis(), spikes.endMillis()).max().orElseThrow();
        double normalMax = values(all, spikes.sensorId(), START, spikes.startMillis() - 60_000).max().orElseThrow();
        assertThat(spikeMax).isGreaterThan(normalMax + 4);

        FleetSimulator.Fault degradation = byKind.get("DEGRADATION");
        double early = values(all, degradation.sensorId(), degradation.startMillis(), degradation.startMillis() + 3_600_000)
                .average().orElseThrow();
        double later = values(all, degradation.sensorId(), end - 3_600_000, end).average().orElseThrow();
        assertThat(later - early).as("oil temperature rises toward its critical limit").isGreaterThan(15);
    }

    @Test
    void refusesNegativeHistory() {
        assertThatThrownBy(() -> new FleetSimulator(1, START, -1)).hasMessageContaining("history steps");
    }

    private static java.util.stream.DoubleStream values(List<FleetSimulator.Reading> all, String sensor, long from, long to) {
        return all.stream().filter(r -> r.sensorId().equals(sensor) && r.timestampMillis() >= from && r.timestampMillis() <= to)
                .mapToDouble(FleetSimulator.Reading::value);
    }
}
