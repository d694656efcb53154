package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Format-Table, Format-List and Out-Default as Windows PowerShell 5.1 lays them out at 120
 * columns: blank lines around each sequence, padded cells, right-aligned numbers, "..." for cut
 * cells, " : " lists with word wrap, the first object's columns for a whole table.
 */
class FormattingTest extends PsTestSupport {

    private static String pad(String s, int width) {
        return String.format("%-" + width + "s", s);
    }

    @Test
    void fewPropertiesMakeATableSizedToItsCells() {
        // widths: the label or the widest cell; numbers and booleans right-aligned, their labels too
        assertEquals("\nName         Count Enabled\n----         ----- -------\nowa             10    True\n"
                        + "autodiscover     2   False\n\n\n",
                out("[pscustomobject]@{Name='owa'; Count=10; Enabled=$true}\n"
                        + "[pscustomobject]@{Name='autodiscover'; Count=2; Enabled=$false}"));
    }

    @Test
    void theFirstObjectChoosesTheColumnsOfTheWholeTable() {
        assertEquals("\na b\n- -\n1 2\n   \n\n\n", out("[pscustomobject]@{a=1; b=2}; [pscustomobject]@{c=3}"));
    }

    @Test
    void manyPropertiesMakeAList() {
        assertEquals("\n\nOne   : 1\nTwo   : 2\nThree : 3\nFour  : 4\nFive  : {a, b, c, d...}\n\n\n\n",
                out("[pscustomobject]@{One=1; Two=2; Three=3; Four=4; Five='a','b','c','d','e'}"));
    }

    @Test
    void formatListAndItsAlias() {
        String script = "[pscustomobject]@{Name='owa'; SslFlags='Ssl,Ssl128'; LongerLabel=$null}";
        assertEquals("\n\nName        : owa\nSslFlags    : Ssl,Ssl128\nLongerLabel : \n\n\n\n", out(script + " | Format-List"));
        assertEquals(out(script + " | Format-List"), out(script + " | fl"));
        assertEquals("\n\nSslFlags : Ssl,Ssl128\nName     : owa\n\n\n\n", out(script + " | fl SslFlags, N*"));
    }

    @Test
    void formatTableWithCalculatedColumnsAndAutoSize() {
        String script = "$o = [pscustomobject]@{Location='Default Web Site/Microsoft-Server-ActiveSync'; Flags='Ssl,Ssl128'}\n";
        // a first column with a width: no sizing from the data; the other column takes the rest of the 120
        assertEquals("\n" + pad("Location     Flags", 120) + "\n" + pad("--------     -----", 120) + "\n"
                        + pad("Default W... Ssl,Ssl128", 120) + "\n\n\n",
                out(script + "$o | Format-Table @{Label='Location'; Expression={$_.Location}; Width=12}, Flags"));
        assertEquals("\n" + pad("LOC", 45) + "Flags     \n" + pad("---", 45) + "-----     \n"
                        + "Default Web Site/Microsoft-Server-ActiveSync Ssl,Ssl128\n\n\n",
                out(script + "$o | ft @{n='LOC'; e='Location'}, Flags -AutoSize"));
        assertEquals("\nDefault Web Site/Microsoft-Server-ActiveSync Ssl,Ssl128\n\n\n",
                out(script + "$o | ft -HideTableHeaders"));
    }

    @Test
    void hashtablesShowTheirEntries() {
        String row = pad("a", 30) + " " + pad("1", 89) + "\n";
        assertEquals("\n" + pad("Name", 30) + " " + pad("Value", 89) + "\n" + pad("----", 30) + " " + pad("-----", 89)
                + "\n" + row + pad("b", 30) + " " + pad("{1, 2}", 89) + "\n\n\n", out("[ordered]@{a=1; b=1,2} | ft"));
        assertEquals("\n\nName  : a\nValue : 1\n\nName  : b\nValue : x\n\n\n\n", out("[ordered]@{a=1; b='x'} | fl"));
    }

    @Test
    void aLongListValueWrapsAtWordsWithinTheConsoleWidth() {
        String value = ("word ").repeat(30).trim();
        String[] lines = out("[pscustomobject]@{Value='" + value + "'} | fl").split("\n");
        // 8 columns of label, 112 for the value: 22 words of 5 fit, the 23rd goes to the next line
        assertEquals("Value : " + "word ".repeat(22), lines[2]);
        assertEquals("        " + "word ".repeat(7) + "word", lines[3]);
    }

    @Test
    void outStringTakesAWidth() {
        // 4 + 1 + 12 columns do not fit in 15: the last column is cut to 10 with "..."
        assertEquals("\r\nName Path      \r\n---- ----      \r\nx    C:\\a\\b\\...\r\n\r\n\r\n\r\n",
                run("[pscustomobject]@{Name='x'; Path='C:\\a\\b\\c\\d\\e'} | Out-String -Width 15").stdout());
    }

    @Test
    void formatOutputIsRecordsThatOnlyOutCommandsRender() {
        assertEquals("6\nMicrosoft.PowerShell.Commands.Internal.Format.FormatStartData\n"
                        + "Microsoft.PowerShell.Commands.Internal.Format.FormatEntryData\n",
                out("$f = [pscustomobject]@{a=1}, [pscustomobject]@{a=2} | Format-Table\n$f.Count\n"
                        + "$f[0].GetType().FullName\n$f[2].GetType().FullName"));
        assertEquals("\na\n-\n1\n\n\n", out("$f = [pscustomobject]@{a=1} | ft\n$f"));
    }

    @Test
    void writeHostComesBeforeATableStillBeingGathered() {
        // the string after the object is written inside the table's sequence, as PowerShell queues it
        assertEquals("first\nnow\n\na\n-\n1\nlast\n\n\n",
                out("'first'; [pscustomobject]@{a=1}; Write-Host 'now'; 'last'"));
    }

    @Test
    void errorRecordsInTheOutputAreRenderedNotListed() {
        NativeCommand.Result result = run("[pscustomobject]@{a=1}\nWrite-Error 'boom' 2>&1\n'after'");
        assertTrue(result.stdout().startsWith("\r\na\r\n-\r\n1\r\nWrite-Error 'boom' 2>&1 : boom\r\n"), result.stdout());
        assertTrue(result.stdout().endsWith("after\r\n\r\n\r\n"), result.stdout());
    }

    @Test
    void versionTableAndVersions() {
        String text = out("$PSVersionTable");
        assertThat(text).contains(pad("PSVersion", 30) + " " + pad("5.1.14409.1005", 89));
        assertThat(text).contains(pad("PSCompatibleVersions", 30) + " " + pad("{1.0, 2.0, 3.0, 4.0...}", 89));
        assertEquals("\nMajor  Minor  Build  Revision\n-----  -----  -----  --------\n5      1      14409  1005    \n\n\n",
                out("$PSVersionTable.PSVersion"));
    }
}
