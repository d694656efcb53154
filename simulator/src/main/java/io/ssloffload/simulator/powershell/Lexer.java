package io.ssloffload.simulator.powershell;

import java.util.Locale;
import java.util.Set;

/**
 * PowerShell's tokenizer. As in PowerShell, how text tokenizes depends on the parser's mode:
 * in EXPRESSION mode {@code -eq} is an operator and {@code 5} a number; in COMMAND (argument)
 * mode {@code -Force} is a parameter and {@code C:\x.txt} a bare word. The parser asks for each
 * token in the mode it is in and may rewind ({@link #pos()}/{@link #reset}).
 */
final class Lexer {

    enum Mode { EXPRESSION, COMMAND }

    enum Kind { EOF, NEWLINE, SEMI, VARIABLE, SPLAT, NUMBER, STRING, EXPANDABLE, GENERIC, PARAMETER, OP, IDENT, REDIRECT }

    /** A variable reference; scope is env, using, script, global, local, private or null. */
    record VarName(String scope, String name) {
    }

    /** Raw text of a double-quoted string (or a bare word with $), expanded by the parser. */
    record Expandable(String raw, int offset, boolean quoted) {
    }

    record Token(Kind kind, String text, Object value, int start, int end, boolean spaceBefore) {
        boolean is(String op) {
            return kind == Kind.OP && text.equalsIgnoreCase(op);
        }

        boolean isEnd() {
            return kind == Kind.EOF || kind == Kind.NEWLINE || kind == Kind.SEMI;
        }
    }

    static final Set<String> OPERATORS = Set.of("eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match",
            "notmatch", "contains", "notcontains", "in", "notin", "replace", "split", "join", "is", "isnot", "as",
            "and", "or", "xor", "not", "f", "band", "bor", "bxor", "bnot", "shl", "shr",
            "ieq", "ine", "igt", "ige", "ilt", "ile", "ilike", "inotlike", "imatch", "inotmatch", "icontains",
            "inotcontains", "iin", "inotin", "ireplace", "isplit",
            "ceq", "cne", "cgt", "cge", "clt", "cle", "clike", "cnotlike", "cmatch", "cnotmatch", "ccontains",
            "cnotcontains", "cin", "cnotin", "creplace", "csplit");

    private static final String[] PUNCTUATION = {"++", "--", "+=", "-=", "*=", "/=", "%=", "..", "::", "@(", "@{",
            "$(", "&&", "||", "=", "+", "-", "*", "/", "%", "!", ",", ".", "(", ")", "{", "}", "[", "]", "|", "&"};

    final String src;
    private int pos;

    Lexer(String src) {
        this.src = src;
    }

    int pos() {
        return pos;
    }

    void reset(int p) {
        pos = p;
    }

    char peekChar(int ahead) {
        int i = pos + ahead;
        return i < src.length() ? src.charAt(i) : '\0';
    }

    ParseException error(String message, String id, int at) {
        int s = Math.min(at, src.length());
        return new ParseException(message, id, new Extent(src, s, Math.min(s + 1, Math.max(s + 1, src.length()))));
    }

    /** Skips spaces, tabs, comments and backtick line continuations (not newlines). Returns true if any. */
    boolean skipSpace() {
        int start = pos;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f' || c == '\u00a0') {
                pos++;
            } else if (c == '`' && (peekChar(1) == '\n' || (peekChar(1) == '\r' && peekChar(2) == '\n'))) {
                pos += peekChar(1) == '\r' ? 3 : 2;
            } else if (c == '#') {
                while (pos < src.length() && src.charAt(pos) != '\n' && src.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (c == '<' && peekChar(1) == '#') {
                int end = src.indexOf("#>", pos + 2);
                if (end < 0) {
                    throw error("Missing end of comment block. Expected '#>'.", "MissingEndOfCommentBlock", pos);
                }
                pos = end + 2;
            } else {
                break;
            }
        }
        return pos > start;
    }

    /** Skips whitespace including newlines (inside parentheses, after operators and pipes). */
    void skipNewlines() {
        while (true) {
            skipSpace();
            char c = peekChar(0);
            if (c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    Token peek(Mode mode) {
        int save = pos;
        Token t = next(mode);
        pos = save;
        return t;
    }

    Token next(Mode mode) {
        boolean space = skipSpace() || pos == 0 || isSpace(src.charAt(pos - 1));
        int start = pos;
        if (pos >= src.length()) {
            return new Token(Kind.EOF, "", null, pos, pos, space);
        }
        char c = src.charAt(pos);
        if (c == '\r' || c == '\n') {
            pos += (c == '\r' && peekChar(1) == '\n') ? 2 : 1;
            return new Token(Kind.NEWLINE, "\n", null, start, pos, space);
        }
        if (c == ';') {
            pos++;
            return new Token(Kind.SEMI, ";", null, start, pos, space);
        }
        Token redirect = redirection(start, space);
        if (redirect != null) {
            return redirect;
        }
        if (c == '\'') {
            return singleQuoted(start, space);
        }
        if (c == '"') {
            int end = scanDoubleQuoted(pos + 1);
            pos = end + 1;
            return new Token(Kind.EXPANDABLE, src.substring(start, pos),
                    new Expandable(src.substring(start + 1, end), start + 1, true), start, pos, space);
        }
        if (c == '@' && (peekChar(1) == '"' || peekChar(1) == '\'') && isLineEnd(pos + 2)) {
            return hereString(start, space);
        }
        if (c == '$' && peekChar(1) != '(') {
            int save = pos;
            Token v = variable(start, space);
            if (v != null) {
                if (mode == Mode.COMMAND && !isArgumentEnd(pos) && peekChar(0) != '.' && peekChar(0) != '['
                        && peekChar(0) != '=') {
                    pos = save;
                    return generic(start, space);
                }
                return v;
            }
        }
        if (c == '@' && isNameChar(peekChar(1))) {
            pos++;
            String name = readName();
            return new Token(Kind.SPLAT, src.substring(start, pos), new VarName(null, name), start, pos, space);
        }
        if (mode == Mode.COMMAND) {
            if (c == '-' && (Character.isLetter(peekChar(1)) || peekChar(1) == '_' || peekChar(1) == '?')) {
                pos++;
                while (pos < src.length() && !isArgumentEnd(pos) && src.charAt(pos) != ':') {
                    pos++;
                }
                String name = src.substring(start + 1, pos);
                boolean colon = peekChar(0) == ':';
                if (colon) {
                    pos++;
                }
                return new Token(Kind.PARAMETER, src.substring(start, pos), colon ? name + ":" : name, start, pos, space);
            }
            if (isCommandPunctuation(c) || src.startsWith("$(", pos) || src.startsWith("@(", pos)
                    || src.startsWith("@{", pos)) {
                return punctuation(start, space);
            }
            Token word = generic(start, space);
            Number n = word.kind == Kind.GENERIC ? numberLiteral(word.text) : null;
            return n == null ? word : new Token(Kind.NUMBER, word.text, n, word.start, word.end, space);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peekChar(1)))) {
            return number(start, space);
        }
        if (c == '-' && Character.isLetter(peekChar(1))) {
            int p = pos + 1;
            while (p < src.length() && Character.isLetter(src.charAt(p))) {
                p++;
            }
            String name = src.substring(pos + 1, p).toLowerCase(Locale.ROOT);
            if (OPERATORS.contains(name)) {
                pos = p;
                return new Token(Kind.OP, "-" + name, null, start, pos, space);
            }
            throw error("Unexpected token '" + src.substring(pos, p) + "' in expression or statement.",
                    "UnexpectedToken", start);
        }
        if (Character.isLetter(c) || c == '_') {
            String name = readName();
            return new Token(Kind.IDENT, name, name, start, pos, space);
        }
        return punctuation(start, space);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private boolean isLineEnd(int i) {
        int p = i;
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t')) {
            p++;
        }
        return p >= src.length() || src.charAt(p) == '\n' || src.charAt(p) == '\r';
    }

    private static boolean isCommandPunctuation(char c) {
        return "(){},;|&".indexOf(c) >= 0;
    }

    /** Characters that end a bare word in command mode. */
    boolean isArgumentEnd(int i) {
        if (i >= src.length()) {
            return true;
        }
        char c = src.charAt(i);
        return " \t\r\n;|&(){},\"'>".indexOf(c) >= 0 || (c == '<' && i + 1 < src.length() && src.charAt(i + 1) == '#');
    }

    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private String readName() {
        int s = pos;
        while (pos < src.length() && isNameChar(src.charAt(pos))) {
            pos++;
        }
        return src.substring(s, pos);
    }

    private Token punctuation(int start, boolean space) {
        for (String p : PUNCTUATION) {
            if (src.startsWith(p, pos)) {
                if (p.equals("&&") || p.equals("||")) {
                    throw error("The token '" + p + "' is not a valid statement separator in this version.",
                            "InvalidEndOfLine", pos);
                }
                pos += p.length();
                return new Token(Kind.OP, p, null, start, pos, space);
            }
        }
        throw error("Unexpected token '" + src.charAt(pos) + "' in expression or statement.", "UnexpectedToken", pos);
    }

    private Token redirection(int start, boolean space) {
        int p = pos;
        char c = src.charAt(p);
        String stream = "1";
        if ((c >= '1' && c <= '6') || c == '*') {
            if (p + 1 >= src.length() || src.charAt(p + 1) != '>') {
                return null;
            }
            stream = String.valueOf(c);
            p++;
        } else if (c != '>') {
            return null;
        }
        p++;
        boolean append = p < src.length() && src.charAt(p) == '>';
        if (append) {
            p++;
        }
        String target = null;
        if (p + 1 < src.length() && src.charAt(p) == '&' && Character.isDigit(src.charAt(p + 1))) {
            target = "&" + src.charAt(p + 1);
            p += 2;
        }
        pos = p;
        return new Token(Kind.REDIRECT, src.substring(start, pos), new String[] {stream, target, append ? "a" : ""},
                start, pos, space);
    }

    private Token singleQuoted(int start, boolean space) {
        StringBuilder sb = new StringBuilder();
        int p = pos + 1;
        while (true) {
            if (p >= src.length()) {
                throw error("The string is missing the terminator: '.", "TerminatorExpectedAtEndOfString", start);
            }
            char ch = src.charAt(p);
            if (isSingleQuote(ch)) {
                if (p + 1 < src.length() && isSingleQuote(src.charAt(p + 1))) {
                    sb.append('\'');
                    p += 2;
                    continue;
                }
                break;
            }
            sb.append(ch);
            p++;
        }
        pos = p + 1;
        return new Token(Kind.STRING, src.substring(start, pos), sb.toString(), start, pos, space);
    }

    private static boolean isSingleQuote(char c) {
        return c == '\'' || c == '\u2018' || c == '\u2019';
    }

    /** Index of the closing quote of a "..." string whose content starts at {@code from}. */
    int scanDoubleQuoted(int from) {
        int i = from;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '`') {
                i += 2;
            } else if (c == '"') {
                if (i + 1 < src.length() && src.charAt(i + 1) == '"') {
                    i += 2;
                } else {
                    return i;
                }
            } else if (c == '$' && i + 1 < src.length() && src.charAt(i + 1) == '(') {
                i = matchParen(i + 2) + 1;
            } else {
                i++;
            }
        }
        throw error("The string is missing the terminator: \".", "TerminatorExpectedAtEndOfString", from - 1);
    }

    /** Index of the ')' closing a subexpression whose content starts at {@code from}. */
    int matchParen(int from) {
        int depth = 1;
        int i = from;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (--depth == 0) {
                    return i;
                }
            } else if (c == '\'') {
                int end = src.indexOf('\'', i + 1);
                i = end < 0 ? src.length() : end;
            } else if (c == '"') {
                i = scanDoubleQuoted(i + 1);
            } else if (c == '`') {
                i++;
            }
            i++;
        }
        throw error("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", from - 1);
    }

    private Token hereString(int start, boolean space) {
        char quote = src.charAt(pos + 1);
        int p = pos + 2;
        while (src.charAt(p) != '\n' && src.charAt(p) != '\r') {
            p++;
        }
        p += src.charAt(p) == '\r' && p + 1 < src.length() && src.charAt(p + 1) == '\n' ? 2 : 1;
        int contentStart = p;
        int lineStart = p;
        while (lineStart <= src.length()) {
            if (src.startsWith(quote + "@", lineStart)) {
                int contentEnd = Math.max(contentStart, lineStart - 1);
                if (contentEnd > contentStart && src.charAt(contentEnd - 1) == '\r') {
                    contentEnd--;
                }
                String content = lineStart == contentStart ? "" : src.substring(contentStart, contentEnd);
                pos = lineStart + 2;
                if (quote == '\'') {
                    return new Token(Kind.STRING, src.substring(start, pos), content,
                            start, pos, space);
                }
                return new Token(Kind.EXPANDABLE, src.substring(start, pos), new Expandable(content, contentStart, false),
                        start, pos, space);
            }
            int nl = src.indexOf('\n', lineStart);
            if (nl < 0) {
                break;
            }
            lineStart = nl + 1;
        }
        throw error("The string is missing the terminator: " + quote + "@.", "TerminatorExpectedAtEndOfString", start);
    }

    /** $name, ${name}, $env:NAME, $using:x, $_, $?, $$, $^ or null if '$' starts no variable. */
    private Token variable(int start, boolean space) {
        int p = pos + 1;
        if (p < src.length() && src.charAt(p) == '{') {
            int end = src.indexOf('}', p);
            if (end < 0) {
                throw error("Missing '}' in variable reference.", "IncompleteDollarVariableReference", start);
            }
            pos = end + 1;
            return new Token(Kind.VARIABLE, src.substring(start, pos), splitScope(src.substring(p + 1, end)), start,
                    pos, space);
        }
        if (p < src.length() && "?^$".indexOf(src.charAt(p)) >= 0) {
            pos = p + 1;
            return new Token(Kind.VARIABLE, src.substring(start, pos), new VarName(null, String.valueOf(src.charAt(p))),
                    start, pos, space);
        }
        if (p >= src.length() || !isNameChar(src.charAt(p))) {
            return null;
        }
        pos = p;
        String name = readName();
        if (peekChar(0) == ':' && peekChar(1) != ':') {
            if (isNameChar(peekChar(1))) {
                pos++;
                String rest = readName();
                return new Token(Kind.VARIABLE, src.substring(start, pos), new VarName(name.toLowerCase(Locale.ROOT),
                        rest), start, pos, space);
            }
            throw error("Variable reference is not valid. ':' was not followed by a valid variable name character. "
                    + "Consider using ${} to delimit the name.", "InvalidVariableReferenceWithDrive", start);
        }
        return new Token(Kind.VARIABLE, src.substring(start, pos), new VarName(null, name), start, pos, space);
    }

    static VarName splitScope(String text) {
        int colon = text.indexOf(':');
        if (colon > 0) {
            return new VarName(text.substring(0, colon).toLowerCase(Locale.ROOT), text.substring(colon + 1));
        }
        return new VarName(null, text);
    }

    private Token number(int start, boolean space) {
        int p = pos;
        if (src.startsWith("0x", p) || src.startsWith("0X", p)) {
            p += 2;
            while (p < src.length() && Character.digit(src.charAt(p), 16) >= 0) {
                p++;
            }
        } else {
            while (p < src.length() && Character.isDigit(src.charAt(p))) {
                p++;
            }
            if (p + 1 < src.length() && src.charAt(p) == '.' && Character.isDigit(src.charAt(p + 1))) {
                p++;
                while (p < src.length() && Character.isDigit(src.charAt(p))) {
                    p++;
                }
            }
            if (p < src.length() && (src.charAt(p) == 'e' || src.charAt(p) == 'E')) {
                int q = p + 1;
                if (q < src.length() && (src.charAt(q) == '+' || src.charAt(q) == '-')) {
                    q++;
                }
                if (q < src.length() && Character.isDigit(src.charAt(q))) {
                    p = q;
                    while (p < src.length() && Character.isDigit(src.charAt(p))) {
                        p++;
                    }
                }
            }
        }
        while (p < src.length() && Character.isLetter(src.charAt(p))) {
            p++;
        }
        String text = src.substring(start, p);
        Number n = numberLiteral(text);
        if (n == null) {
            throw error("Unexpected token '" + text + "' in expression or statement.", "UnexpectedToken", start);
        }
        pos = p;
        return new Token(Kind.NUMBER, text, n, start, pos, space);
    }

    /** A PowerShell numeric literal (with L/D and KB..PB suffixes), or null. */
    static Number numberLiteral(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        boolean negative = t.startsWith("-");
        if (negative) {
            t = t.substring(1);
        }
        long multiplier = 1;
        for (String[] m : new String[][] {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"},
                {"tb", "1099511627776"}, {"pb", "1125899906842624"}}) {
            if (t.endsWith(m[0])) {
                multiplier = Long.parseLong(m[1]);
                t = t.substring(0, t.length() - 2);
            }
        }
        boolean isLong = false;
        boolean isDecimal = false;
        if (t.endsWith("l") && !t.startsWith("0x")) {
            isLong = true;
            t = t.substring(0, t.length() - 1);
        } else if (t.endsWith("d") && !t.startsWith("0x")) {
            isDecimal = true;
            t = t.substring(0, t.length() - 1);
        }
        if (!t.matches("0x[0-9a-f]+|\\d+(\\.\\d+)?(e[+-]?\\d+)?|\\.\\d+(e[+-]?\\d+)?")) {
            return null;
        }
        try {
            if (isDecimal) {
                java.math.BigDecimal d = new java.math.BigDecimal(t).multiply(java.math.BigDecimal.valueOf(multiplier));
                return negative ? d.negate() : d;
            }
            if (t.startsWith("0x")) {
                long v = Long.parseUnsignedLong(t.substring(2), 16) * multiplier;
                return isLong ? (Number) (negative ? -v : v) : LanguagePrimitives.narrow(negative ? -v : v);
            }
            if (t.contains(".") || t.contains("e")) {
                double d = Double.parseDouble(t) * multiplier;
                return negative ? -d : d;
            }
            long v = Long.parseLong(t) * multiplier;
            v = negative ? -v : v;
            return isLong ? (Number) v : LanguagePrimitives.narrow(v);
        } catch (NumberFormatException e) {
            double d = Double.parseDouble(t) * multiplier;
            return negative ? -d : d;
        }
    }

    /** A bare word in command mode: backtick escapes apply; a word with '$' expands. */
    private Token generic(int start, boolean space) {
        StringBuilder sb = new StringBuilder();
        boolean expands = false;
        while (pos < src.length() && !isArgumentEnd(pos)) {
            char c = src.charAt(pos);
            if (c == '`' && pos + 1 < src.length()) {
                sb.append(escape(src.charAt(pos + 1)));
                pos += 2;
                continue;
            }
            if (c == '$') {
                expands = true;
                if (peekChar(1) == '(') {
                    int close = matchParen(pos + 2);
                    sb.append(src, pos, close + 1);
                    pos = close + 1;
                    continue;
                }
            }
            sb.append(c);
            pos++;
        }
        String raw = src.substring(start, pos);
        if (expands) {
            return new Token(Kind.EXPANDABLE, raw, new Expandable(raw, start, false), start, pos, space);
        }
        return new Token(Kind.GENERIC, raw, sb.toString(), start, pos, space);
    }

    /** The character a backtick escape stands for. */
    static char escape(char c) {
        return switch (c) {
            case '0' -> '\0';
            case 'a' -> '\u0007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\u000b';
            default -> c;
        };
    }
}
