package dev.cascade.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** install.sh --gpio: the drop-in that opens the GPIO chips to the service, and the state folder for the agent. */
class PiGpioInstallTest {
    private static List<String> install(Path tmp, boolean gpio) throws Exception {
        Files.createDirectories(tmp.resolve("dist/lib"));
        Files.writeString(tmp.resolve("dist/cascade.jar"), "jar");
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", PiUnitTest.PI.resolve("install.sh").toString(),
                "--root", tmp.resolve("root").toString(), "--dist", tmp.resolve("dist").toString(), "--models",
                Path.of("../models/default").toString()));
        if (gpio) {
            cmd.add("--gpio");
        }
        return cmd;
    }

    @Test
    void installScript_withGpio_addsADropInOpeningOnlyTheGpioChips_andWithoutItRemovesIt(@TempDir Path tmp)
            throws Exception {
        PiUnitTest.Result withGpio = PiUnitTest.run(install(tmp, true));

        assertThat(withGpio.status()).as(withGpio.output()).isZero();
        Path dropIn = tmp.resolve("root/etc/systemd/system/cascade-edge.service.d/gpio.conf");
        Map<String, List<String>> s = PiUnitTest.section(Files.readAllLines(dropIn), "Service");
        assertThat(s.get("PrivateDevices")).containsExactly("no");
        assertThat(s.get("DevicePolicy")).containsExactly("closed");
        assertThat(s.get("DeviceAllow")).containsExactly("char-gpiochip rw");
        assertThat(s.get("SupplementaryGroups")).containsExactly("gpio");
        assertThat(tmp.resolve("root/var/lib/cascade-edge/state")).isDirectory();

        PiUnitTest.Result without = PiUnitTest.run(install(tmp, false));

        assertThat(without.status()).as(without.output()).isZero();
        assertThat(dropIn).doesNotExist();
    }
}
