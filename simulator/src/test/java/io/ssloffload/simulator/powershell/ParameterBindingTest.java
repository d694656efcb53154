package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterBindingTest extends PsTestSupport {

    @Test
    void namesAreCaseInsensitiveAndPrefixesBind() {
        out("get-widget -NAME a -size 3 -fo");
        assertEquals("Get-Widget:Force=True;Name=a;Size=3;", host.calls.get(0));
    }

    @Test
    void colonFormAndSwitchValues() {
        out("Get-Widget -Name:a -Force:$false -Size:5");
        assertEquals("Get-Widget:Force=False;Name=a;Size=5;", host.calls.get(0));
    }

    @Test
    void positionalAndPipelineBinding() {
        out("Get-Widget pos");
        out("'w2' | Set-Widget -Value 1");
        assertEquals("Get-Widget:Name=pos;", host.calls.get(0));
        assertEquals("Set-Widget:Identity=w2;Value=1;", host.calls.get(1));
    }

    @Test
    void unknownParameter() {
        NativeCommand.Result r = run("Get-Widget -Name a -Colour red");
        assertTrue(errors(r).contains("Get-Widget : A parameter cannot be found that matches parameter name 'Colour'."));
        assertTrue(errors(r).contains("InvalidArgument: (:) [Get-Widget], ParameterBindingException"));
        assertTrue(errors(r).contains("FullyQualifiedErrorId : NamedParameterNotFound,Get-Widget"));
        assertTrue(host.calls.isEmpty());
    }

    @Test
    void ambiguousPrefix() {
        NativeCommand.Result r = run("Get-Widget -Name a -S 1");
        assertTrue(errors(r).contains("Parameter cannot be processed because the parameter name 'S' is ambiguous. "
                + "Possible matches include: -Size -Sizing."), errors(r));
    }

    @Test
    void missingMandatory() {
        NativeCommand.Result r = run("Get-Widget -Size 1");
        assertTrue(errors(r).contains("Cannot process command because of one or more missing mandatory parameters: "
                + "Name."), errors(r));
        assertTrue(errors(r).contains("MissingMandatoryParameter,Get-Widget"));
    }

    @Test
    void extraPositionalAndDuplicates() {
        assertTrue(errors(run("Get-Widget a b")).contains("A positional parameter cannot be found that accepts "
                + "argument 'b'."));
        assertTrue(errors(run("Get-Widget -Name a -Name b")).contains("ParameterAlreadyBound,Get-Widget"));
        assertTrue(errors(run("Get-Widget -Name")).contains("Missing an argument for parameter 'Name'."));
    }

    @Test
    void commonParametersAreAccepted() {
        out("Get-Widget -Name a -ErrorAction Stop -WarningAction SilentlyContinue -Verbose:$false");
    }

    @Test
    void pipelineInputToACmdletWithoutPipelineParameterFails() {
        NativeCommand.Result r = run("'x' | Get-Widget -Name a");
        assertTrue(errors(r).contains("InputObjectNotBound,Get-Widget"), errors(r));
    }

    @Test
    void splattedHashtableBindsByName() {
        out("$p = @{ Identity = 'w'; Value = 'v w' }; Set-Widget @p -Confirm:$false");
        assertEquals("Set-Widget:Confirm=False;Identity=w;Value=v w;", host.calls.get(0));
    }
}
