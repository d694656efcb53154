package io.ssloffload.simulator.powershell;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest extends PsTestSupport {

    @Test
    void prettyPrintedLikeWindowsPowerShell51() {
        String r = run("[pscustomobject]@{Name='owa'; Flags=@('Ssl','Ssl128'); Inner=[ordered]@{a=1}; Ok=$true; "
                + "Nothing=$null} | ConvertTo-Json").stdout();
        assertEquals("{\r\n"
                + "    \"Name\":  \"owa\",\r\n"
                + "    \"Flags\":  [\r\n"
                + "                  \"Ssl\",\r\n"
                + "                  \"Ssl128\"\r\n"
                + "              ],\r\n"
                + "    \"Inner\":  {\r\n"
                + "                  \"a\":  1\r\n"
                + "              },\r\n"
                + "    \"Ok\":  true,\r\n"
                + "    \"Nothing\":  null\r\n"
                + "}\r\n", r);
    }

    @Test
    void arraysOfObjectsAndEmptyObjects() {
        assertEquals("[\n    {\n        \"a\":  1\n    },\n    {\n        \"a\":  2\n    }\n]\n",
                out("[pscustomobject]@{a=1}, [pscustomobject]@{a=2} | ConvertTo-Json"));
        assertEquals("{\n\n}\n", out("@{} | ConvertTo-Json"));
        assertEquals("\"x\"\n5\n", out("'x' | ConvertTo-Json; 5 | ConvertTo-Json"));
    }

    @Test
    void stringsAreEscapedAsJavaScriptSerializerDoes() {
        assertEquals("\"it\\u0027s \\u003cb\\u003e \\u0026 \\\"q\\\" \\\\ \\n\\t\\u0001 é\"\n",
                out("\"it's <b> & `\"q`\" \\ `n`t$([char]1) é\" | ConvertTo-Json"));
    }

    @Test
    void compressAndDepth() {
        assertEquals("{\"a\":{\"b\":{\"c\":\"System.Collections.Hashtable\"}}}\n",
                out("@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress"));
        assertEquals("{\"a\":{\"b\":{\"c\":{\"d\":1}}}}\n", out("@{a=@{b=@{c=@{d=1}}}} | ConvertTo-Json -Compress -Depth 5"));
        assertEquals("[1,2]\n", out("ConvertTo-Json @(1,2) -Compress"));
        assertEquals("[1,2]\n", out("1,2 | ConvertTo-Json -Compress"));
    }

    @Test
    void secureStringsNeverSerializeTheirText() {
        String json = out("$s = ConvertTo-SecureString 'P@ss' -AsPlainText -Force; @{p=$s} | ConvertTo-Json -Compress");
        assertEquals("{\"p\":{\"Length\":4}}\n", json);
    }

    @Test
    void convertFromJsonRoundTrip() {
        assertEquals("owa|2|Ssl128|True|3000000000|1.5|\n", out("$o = '{\"n\":\"owa\",\"f\":[\"Ssl\",\"Ssl128\"],"
                + "\"ok\":true,\"big\":3000000000,\"d\":1.5,\"z\":null}' | ConvertFrom-Json\n"
                + "\"$($o.n)|$($o.f.Count)|$($o.f[1])|$($o.ok)|$($o.big)|$($o.d)|$($o.z)\""));
        assertEquals("System.Int32 System.Int64\n", out("$o = '{\"a\":1,\"b\":3000000000}' | ConvertFrom-Json; "
                + "\"$($o.a.GetType().FullName) $($o.b.GetType().FullName)\""));
        assertEquals("{\"n\":\"a\\u0027b\",\"l\":[1,2]}\n",
                out("'{\"n\":\"a''b\",\"l\":[1,2]}' | ConvertFrom-Json | ConvertTo-Json -Compress"));
    }

    @Test
    void convertFromJsonEmitsAnArrayAsOneObject() {
        assertEquals("1\n3\n", out("('[1,2,3]' | ConvertFrom-Json | Measure-Object).Count; "
                + "('[1,2,3]' | ConvertFrom-Json).Count"));
    }

    @Test
    void invalidJsonIsAnError() {
        NativeCommand.Result r = run("'{nope' | ConvertFrom-Json");
        assertEquals(1, r.exitCode());
        assertThat(errors(r)).contains("Invalid JSON primitive");
        assertThat(errors(r)).contains("System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand");
    }
}
