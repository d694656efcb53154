package io.ssloffload.simulator.powershell;

import java.util.List;

/**
 * What Format-Table and Format-List write: PowerShell's formatting records (FormatStartData,
 * GroupStartData, one FormatEntryData per object, GroupEndData, FormatEndData), each carrying the
 * console lines it stands for. Out-Default and Out-String print those lines; anything else sees an
 * object of that type with no properties, as scripts do that capture Format-* output.
 */
final class FormatRecord extends PsObject {

    enum Kind {
        FORMAT_START("FormatStartData"), GROUP_START("GroupStartData"), ENTRY("FormatEntryData"),
        GROUP_END("GroupEndData"), FORMAT_END("FormatEndData");

        private final String typeName;

        Kind(String typeName) {
            this.typeName = "Microsoft.PowerShell.Commands.Internal.Format." + typeName;
        }
    }

    private final Kind kind;
    private final List<String> lines;

    FormatRecord(Kind kind, List<String> lines) {
        super(List.of(kind.typeName, "System.Object"), kind.typeName);
        this.kind = kind;
        this.lines = List.copyOf(lines);
    }

    Kind kind() {
        return kind;
    }

    List<String> lines() {
        return lines;
    }
}
