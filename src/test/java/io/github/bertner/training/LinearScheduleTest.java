package io.github.bertner.training;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LinearScheduleTest {

    @Test
    void warmupThenLinearDecayToZero() {
        LinearSchedule s = new LinearSchedule(1e-3, 4, 12);
        assertEquals(0.25e-3, s.lr(0), 1e-12);
        assertEquals(0.5e-3, s.lr(1), 1e-12);
        assertEquals(1e-3, s.lr(3), 1e-12);
        assertEquals(1e-3, s.lr(4), 1e-12);
        assertEquals(0.5e-3, s.lr(8), 1e-12);
        assertEquals(0.125e-3, s.lr(11), 1e-12);
        assertEquals(0.0, s.lr(12), 0.0);
        assertEquals(0.0, s.lr(100), 0.0);
    }

    @Test
    void noWarmupStartsAtPeak() {
        LinearSchedule s = LinearSchedule.withWarmupRatio(2.0, 0.0, 10);
        assertEquals(2.0, s.lr(0), 1e-12);
        assertEquals(1.0, s.lr(5), 1e-12);
    }

    @Test
    void warmupRatioIsRounded() {
        assertEquals(10, LinearSchedule.withWarmupRatio(1, 0.1, 100).warmupSteps());
    }

    @Test
    void rejectsBadValues() {
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(0, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1, 11, 10));
        assertThrows(IllegalArgumentException.class, () -> new LinearSchedule(1, 0, 0));
    }
}
