package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.exchange.commands.ExchangeCommands;
import io.ssloffload.simulator.powershell.NativeCommand;
import io.ssloffload.simulator.powershell.PowerShellProcess;
import io.ssloffload.simulator.windows.CmdExe;
import io.ssloffload.simulator.windows.WindowsEnvironment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What cmd.exe finds on a CAS by bare name: what is on the default PATH, and nothing else. */
class CasCommandLineTest {

    private final CasServer cas = CasFleet.builder(ExchangeCommands.INSTANCE).build().server("CAS01");
    private final CmdExe cmd = new CmdExe(cas, PowerShellProcess::run);

    private NativeCommand.Result run(String commandLine) {
        return cmd.run(commandLine, WindowsEnvironment.defaultsFor("CAS01", "Administrator"), "C:\\Users\\Administrator");
    }

    @Test
    void iisresetIsInSystem32AndSoOnThePath() {
        NativeCommand.Result result = run("iisreset /noforce");

        assertEquals(0, result.exitCode(), result.stderr());
        assertThat(result.stdout()).contains("Internet services successfully restarted");
        assertEquals(1, cas.snapshot().iisResets());
    }

    @Test
    void appcmdIsInInetsrvWhichIisSetupDoesNotPutOnThePath() {
        NativeCommand.Result bare = run("appcmd recycle apppool /apppool.name:MSExchangeOWAAppPool");
        NativeCommand.Result full = run("%windir%\\system32\\inetsrv\\appcmd recycle apppool /apppool.name:MSExchangeOWAAppPool");

        assertEquals(9009, bare.exitCode());
        assertTrue(bare.stderr().startsWith("'appcmd' is not recognized"), bare.stderr());
        assertEquals(0, full.exitCode(), full.stderr());
        assertEquals(1, cas.snapshot().appPoolRecycles().get("MSExchangeOWAAppPool"));
    }
}
