package io.github.bertner.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.Test;

/** Device option parsing. */
class DeviceSpecTest {
    @Test
    void parsesForms() {
        assertEquals(Device.cpu(), DeviceSpec.parse("cpu"));
        assertEquals(Device.cpu(), DeviceSpec.parse(" CPU "));
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        assertEquals(gpus > 0 ? Device.gpu() : Device.cpu(), DeviceSpec.parse("auto"));
        if (gpus == 0) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("gpu:1"));
            assertEquals("device \"gpu:1\" requested but the PyTorch engine sees 0 GPU(s)", e.getMessage());
        } else {
            assertEquals(Device.gpu(0), DeviceSpec.parse("cuda:0"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("tpu")).getMessage()
                .contains("expected auto, cpu, gpu or gpu:N"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSpec.parse("gpu:x"));
    }
}
