package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
        assertThat(errors(r))
                .contains("Get-Widget : A parameter cannot be found that matches parameter name 'Colour'.");
        assertThat(errors(r)).contains("InvalidArgument: (:) [Get-Widget], ParameterBindingException");
        assertThat(errors(r)).contains("FullyQualifiedErrorId : NamedParameterNotFound,Get-Widget");
        assertTrue(host.calls.isEmpty());
    }

    @Test
    void ambiguousPrefix() {
        NativeCommand.Result r = run("Get-Widget -Name a -S 1");
        assertThat(errors(r))
                .contains("Parameter cannot be processed because the parameter name 'S' is ambiguous. "
                        + "Possible matches include: -Size -Sizing.");
    }

    @Test
    void missingMandatory() {
        NativeCommand.Result r = run("Get-Widget -Size 1");
        assertThat(errors(r))
                .contains("Cannot process command because of one or more missing mandatory parameters: "
                        + "Name.");
        assertThat(errors(r)).contains("MissingMandatoryParameter,Get-Widget");
    }

    @Test
    void mandatoryParametersRefuseNullAndEmptyUnlessTheyAllowThem() {
        NativeCommand.Result r = run("Get-Widget -Name $null");
        assertThat(errors(r)).contains("Cannot bind argument to parameter 'Name' because it is null.");
        assertThat(errors(r)).contains("InvalidData: (:) [Get-Widget], ParameterBindingValidationException");
        assertThat(errors(r)).contains("ParameterArgumentValidationErrorNullNotAllowed,Get-Widget");
        assertThat(errors(run("Get-Widget ''")))
                .contains("Cannot bind argument to parameter 'Name' because it is an "
                        + "empty string.");
        assertThat(errors(run("Get-Widget -Name @()")))
                .contains("Cannot bind argument to parameter 'Name' because it "
                        + "is an empty array.");
        assertTrue(host.calls.isEmpty());
        assertThat(errors(run("function F { param([Parameter(Mandatory)]$X) 'ran' }; F $null")))
                .contains("Cannot bind argument to parameter 'X' because it is null.");
        assertEquals("ran\n", out("function F { param([Parameter(Mandatory)]$X) 'ran' }; F ''"));
        assertThat(errors(run("function F { param([Parameter(Mandatory)][string]$X) 'ran' }; F ''")))
                .contains("Cannot bind argument to parameter 'X' because it is an empty string.");
        assertEquals("", out("Write-Output $null; Write-Output @()"));
        assertThat(errors(run("Write-Warning $null")))
                .contains("Cannot bind argument to parameter 'Message' because "
                        + "it is null.");
    }

    @Test
    void booleanAndSwitchArgumentsTakeOnlyBooleansAndNumbers() {
        NativeCommand.Result r = run("Get-Widget -Name a -Force:'no'");
        assertThat(errors(r))
                .contains("Cannot process argument transformation on parameter 'Force'. Cannot convert "
                        + "value \"System.String\" to type \"System.Management.Automation.SwitchParameter\". Boolean parameters "
                        + "accept only Boolean values and numbers, such as $True, $False, 1 or 0.");
        assertThat(errors(r)).contains("ParameterArgumentTransformationError,Get-Widget");
        assertTrue(host.calls.isEmpty());
        out("Get-Widget -Name a -Force:0");
        assertEquals("Get-Widget:Force=False;Name=a;", host.calls.get(0));
        assertThat(errors(run("function F { param([bool]$B) $B }; F 'False'")))
                .contains("Cannot convert value "
                        + "\"System.String\" to type \"System.Boolean\".");
        assertThat(errors(run("function F { param([switch]$S) $S }; F -S:'x'")))
                .contains("Cannot convert value "
                        + "\"System.String\" to type \"System.Management.Automation.SwitchParameter\".");
        assertEquals("False\nTrue\nFalse\nFalse\n", out("function F { param([bool]$B, [switch]$S) $B; [bool]$S }\n"
                + "F -B 0 -S; F"));
    }

    @Test
    void extraPositionalAndDuplicates() {
        assertThat(errors(run("Get-Widget a b")))
                .contains("A positional parameter cannot be found that accepts "
                        + "argument 'b'.");
        assertThat(errors(run("Get-Widget -Name a -Name b"))).contains("ParameterAlreadyBound,Get-Widget");
        assertThat(errors(run("Get-Widget -Name"))).contains("Missing an argument for parameter 'Name'.");
    }

    @Test
    void commonParametersAreAccepted() {
        out("Get-Widget -Name a -ErrorAction Stop -WarningAction SilentlyContinue -Verbose:$false");
    }

    @Test
    void pipelineInputToACmdletWithoutPipelineParameterFails() {
        NativeCommand.Result r = run("'x' | Get-Widget -Name a");
        assertThat(errors(r)).contains("InputObjectNotBound,Get-Widget");
    }

    @Test
    void aCmdletAfterAnEmptyPipelineDoesNotRunButAnAggregatingOneDoes() {
        assertEquals("0\nbegin\nend\n", out("@() | Set-Widget -Value 1\n$null | Where-Object { $false } | Set-Widget "
                + "-Value 2\n(@() | Measure-Object).Count\n@() | ForEach-Object -Begin { 'begin' } -Process { 'each' } "
                + "-End { 'end' }"));
        assertTrue(host.calls.isEmpty(), host.calls.toString());
        assertThat(errors(run("@() | Set-Widget -Bogus 1"))).contains("NamedParameterNotFound,Set-Widget");
    }

    @Test
    void splattedHashtableBindsByName() {
        out("$p = @{ Identity = 'w'; Value = 'v w' }; Set-Widget @p -Confirm:$false");
        assertEquals("Set-Widget:Confirm=False;Identity=w;Value=v w;", host.calls.get(0));
    }
}
