package io.ssloffload.simulator.powershell;

/** A span of script text, for "At line:L char:C" and the {@code ~~~~} marker under it. */
public record Extent(String source, int start, int end) {

    public int line() {
        int line = 1;
        for (int i = 0; i < start && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    public int column() {
        int lineStart = source.lastIndexOf('\n', Math.max(0, start - 1));
        if (start == 0) {
            return 1;
        }
        return start - (lineStart + 1) + 1;
    }

    public String lineText() {
        int lineStart = start == 0 ? 0 : source.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = source.indexOf('\n', lineStart);
        String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    public String text() {
        return source.substring(start, Math.min(end, source.length()));
    }

    /** The two "+" lines PowerShell prints under "At line:...": the source line and the marker. */
    public String[] positionLines() {
        String line = lineText();
        int col = column() - 1;
        int len = Math.max(1, Math.min(end - start, line.length() - col));
        return new String[] {"+ " + line, "+ " + " ".repeat(Math.max(0, col)) + "~".repeat(len)};
    }
}
