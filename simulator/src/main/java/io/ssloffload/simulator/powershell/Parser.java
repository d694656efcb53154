package io.ssloffload.simulator.powershell;

import io.ssloffload.simulator.powershell.Ast.*;
import io.ssloffload.simulator.powershell.Lexer.Kind;
import io.ssloffload.simulator.powershell.Lexer.Mode;
import io.ssloffload.simulator.powershell.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A recursive-descent parser for the PowerShell subset (see simulator/README.md). */
final class Parser {

    private static final Set<String> KEYWORDS = Set.of("if", "elseif", "else", "foreach", "for", "while", "do",
            "switch", "function", "filter", "return", "break", "continue", "throw", "exit", "try", "catch", "finally",
            "trap", "param", "until", "begin", "process", "end", "class", "enum", "using", "data", "dynamicparam",
            "workflow", "parallel", "sequence", "inlinescript", "configuration");
    private static final Set<String> UNSUPPORTED_KEYWORDS = Set.of("trap", "class", "enum", "using", "data",
            "dynamicparam", "workflow", "parallel", "sequence", "inlinescript", "configuration", "filter");
    private static final Set<String> ASSIGN_OPS = Set.of("=", "+=", "-=", "*=", "/=", "%=");
    private static final Set<String> COMPARISON = Set.of("-eq", "-ne", "-gt", "-ge", "-lt", "-le", "-like", "-notlike",
            "-match", "-notmatch", "-contains", "-notcontains", "-in", "-notin", "-replace", "-split", "-join", "-is",
            "-isnot", "-as", "-ieq", "-ine", "-igt", "-ige", "-ilt", "-ile", "-ilike", "-inotlike", "-imatch",
            "-inotmatch", "-icontains", "-inotcontains", "-iin", "-inotin", "-ireplace", "-isplit", "-ceq", "-cne",
            "-cgt", "-cge", "-clt", "-cle", "-clike", "-cnotlike", "-cmatch", "-cnotmatch", "-ccontains",
            "-cnotcontains", "-cin", "-cnotin", "-creplace", "-csplit");

    private final Lexer lx;
    private final String src;
    private boolean commaAllowed = true;

    private Parser(String src) {
        this.src = src;
        this.lx = new Lexer(src);
    }

    /** Parses a whole script; throws {@link ParseException} on the first error. */
    static Block parseScript(String text) {
        Parser p = new Parser(text);
        Block b = p.scriptBody(false, 0);
        Token t = p.lx.next(Mode.EXPRESSION);
        if (t.kind() != Kind.EOF) {
            throw p.unexpected(t);
        }
        return b;
    }

    private Extent ext(int start) {
        return new Extent(src, start, Math.max(start, lastEnd));
    }

    private int lastEnd;

    private Token next(Mode m) {
        Token t = lx.next(m);
        if (t.kind() != Kind.NEWLINE && t.kind() != Kind.EOF) {
            lastEnd = t.end();
        }
        return t;
    }

    private Token peek(Mode m) {
        return lx.peek(m);
    }

    private ParseException unexpected(Token t) {
        if (t.kind() == Kind.EOF) {
            return lx.error("Unexpected end of script.", "UnexpectedToken", t.start());
        }
        String text = t.text();
        return new ParseException("Unexpected token '" + text + "' in expression or statement.", "UnexpectedToken",
                new Extent(src, t.start(), t.end()));
    }

    private ParseException error(String message, String id, int at, int end) {
        return new ParseException(message, id, new Extent(src, at, Math.max(end, at + 1)));
    }

    // ------------------------------------------------------------------ statements

    /** A script body: optional [CmdletBinding()] param(...), then statements up to '}' or EOF. */
    private Block scriptBody(boolean braced, int start) {
        lx.skipNewlines();
        ParamBlock params = null;
        int save = lx.pos();
        boolean advanced = false;
        while (lx.peekChar(0) == '[') {
            String attr = readBracketed();
            if (attr.toLowerCase(Locale.ROOT).replace(" ", "").startsWith("cmdletbinding")) {
                advanced = true;
                lx.skipNewlines();
            } else {
                lx.reset(save);
                break;
            }
        }
        if (keywordAt().equals("param")) {
            lx.reset(lx.pos() + 5);
            params = paramList(advanced);
        } else if (advanced) {
            lx.reset(save);
        }
        List<Stmt> statements = statements(braced ? "}" : null);
        return new Block(statements, params, ext(start));
    }

    private ParamBlock paramList(boolean advanced) {
        lx.skipSpace();
        int open = lx.pos();
        Token t = next(Mode.EXPRESSION);
        if (!t.is("(")) {
            throw error("Missing '(' in the param block.", "MissingOpenParenthesisInFunctionParameterList", open, open + 1);
        }
        List<ParamDecl> decls = new ArrayList<>();
        boolean adv = advanced;
        while (true) {
            lx.skipNewlines();
            if (lx.peekChar(0) == ')') {
                lx.reset(lx.pos() + 1);
                break;
            }
            ParamDecl d = paramDecl(decls.size());
            adv |= d.mandatory() || d.fromPipeline();
            decls.add(d);
            lx.skipNewlines();
            Token sep = next(Mode.EXPRESSION);
            if (sep.is(")")) {
                break;
            }
            if (!sep.is(",")) {
                throw error("Missing ')' in function parameter list.", "MissingEndParenthesisInFunctionParameterList",
                        sep.start(), sep.end());
            }
        }
        return new ParamBlock(decls, adv);
    }

    private ParamDecl paramDecl(int index) {
        int start = lx.pos();
        String type = null;
        boolean mandatory = false;
        boolean pipeline = false;
        boolean notEmpty = false;
        int position = -1;
        List<Expr> validateSet = null;
        List<String> aliases = new ArrayList<>();
        while (lx.peekChar(0) == '[') {
            int at = lx.pos();
            String inner = readBracketed();
            int paren = inner.indexOf('(');
            if (paren < 0) {
                type = inner.trim();
            } else {
                String name = inner.substring(0, paren).trim().toLowerCase(Locale.ROOT);
                Parser args = new Parser(src);
                args.lx.reset(at + 1 + paren + 1);
                List<Expr[]> named = new ArrayList<>();
                List<Expr> positional = new ArrayList<>();
                args.attributeArgs(named, positional);
                switch (name) {
                    case "parameter" -> {
                        for (Expr[] kv : named) {
                            String key = LanguagePrimitives.toStr(((Const) kv[0]).value()).toLowerCase(Locale.ROOT);
                            Object value = constantValue(kv[1]);
                            switch (key) {
                                case "mandatory" -> mandatory = LanguagePrimitives.toBool(value);
                                case "position" -> position = LanguagePrimitives.toInt(value);
                                case "valuefrompipeline" -> pipeline = LanguagePrimitives.toBool(value);
                                default -> {
                                    // other Parameter() settings (HelpMessage, ParameterSetName, ...) change
                                    // nothing this interpreter models
                                }
                            }
                        }
                    }
                    case "validateset" -> validateSet = positional;
                    case "validatenotnullorempty", "validatenotnull" -> notEmpty = true;
                    case "alias" -> positional.forEach(e -> aliases.add(LanguagePrimitives.toStr(constantValue(e))));
                    case "allownull", "allowemptystring", "allowemptycollection" -> {
                        // permissive attributes: binding here never rejects empty values anyway
                    }
                    default -> throw error("Cannot find the type for custom attribute '" + inner.substring(0, paren)
                                    + "'. Make sure that the assembly that contains this type is loaded.",
                            "CustomAttributeTypeNotFound", at, at + inner.length() + 2);
                }
            }
            lx.skipNewlines();
        }
        Token v = next(Mode.EXPRESSION);
        if (v.kind() != Kind.VARIABLE) {
            throw error("Missing ')' in function parameter list.", "MissingEndParenthesisInFunctionParameterList",
                    v.start(), v.end());
        }
        Expr def = null;
        lx.skipSpace();
        if (lx.peekChar(0) == '=') {
            next(Mode.EXPRESSION);
            lx.skipNewlines();
            boolean saved = commaAllowed;
            commaAllowed = false;
            def = expression();
            commaAllowed = saved;
        }
        return new ParamDecl(((Lexer.VarName) v.value()).name(), type, def, mandatory, position, pipeline,
                validateSet, notEmpty, aliases, ext(start));
    }

    private static Object constantValue(Expr e) {
        if (e instanceof Const c) {
            return c.value();
        }
        if (e instanceof Var v) {
            return switch (v.name().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> null;
            };
        }
        return null;
    }

    /** Attribute arguments after '(' up to ')': Name=value, Name, or positional values. */
    private void attributeArgs(List<Expr[]> named, List<Expr> positional) {
        commaAllowed = false;
        while (true) {
            lx.skipNewlines();
            if (lx.peekChar(0) == ')') {
                return;
            }
            Token t = peek(Mode.EXPRESSION);
            if (t.kind() == Kind.IDENT) {
                next(Mode.EXPRESSION);
                lx.skipSpace();
                if (lx.peekChar(0) == '=') {
                    next(Mode.EXPRESSION);
                    lx.skipNewlines();
                    named.add(new Expr[] {new Const(t.text()), expression()});
                } else {
                    named.add(new Expr[] {new Const(t.text()), new Const(true)});
                }
            } else {
                positional.add(expression());
            }
            lx.skipNewlines();
            Token sep = next(Mode.EXPRESSION);
            if (sep.is(")")) {
                return;
            }
            if (!sep.is(",")) {
                throw unexpected(sep);
            }
        }
    }

    /** The text between '[' and its matching ']' (consumed). */
    private String readBracketed() {
        int start = lx.pos();
        int depth = 0;
        int i = start;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                if (--depth == 0) {
                    lx.reset(i + 1);
                    return src.substring(start + 1, i);
                }
            } else if (c == '\'' || c == '"') {
                int end = c == '"' ? lx.scanDoubleQuoted(i + 1) : src.indexOf('\'', i + 1);
                i = end < 0 ? src.length() : end;
            } else if (c == '\n') {
                break;
            }
            i++;
        }
        throw error("Missing ] at end of attribute or type literal.", "EndSquareBracketExpectedAtEndOfAttribute",
                start, start + 1);
    }

    /** The keyword starting at the current position (after spaces), or "". */
    private String keywordAt() {
        lx.skipSpace();
        int p = lx.pos();
        int e = p;
        while (e < src.length() && (Character.isLetter(src.charAt(e)) || src.charAt(e) == '-')) {
            e++;
        }
        String word = src.substring(p, e).toLowerCase(Locale.ROOT);
        if (!KEYWORDS.contains(word)) {
            return "";
        }
        char after = e < src.length() ? src.charAt(e) : ' ';
        if (Character.isLetterOrDigit(after) || after == '_' || after == '.' || after == '\\' || after == ':') {
            return "";
        }
        return word;
    }

    private void consumeWord(String word) {
        lx.skipSpace();
        lx.reset(lx.pos() + word.length());
    }

    private List<Stmt> statements(String closer) {
        List<Stmt> out = new ArrayList<>();
        while (true) {
            Token t = peek(Mode.COMMAND);
            while (t.kind() == Kind.NEWLINE || t.kind() == Kind.SEMI) {
                next(Mode.COMMAND);
                t = peek(Mode.COMMAND);
            }
            if (t.kind() == Kind.EOF || closer != null && t.is(closer)) {
                return out;
            }
            if (t.is("}") || t.is(")")) {
                throw unexpected(t);
            }
            out.add(statement());
            Token end = peek(Mode.EXPRESSION);
            if (!(end.isEnd() || closer != null && end.is(closer))) {
                throw unexpected(end);
            }
        }
    }

    private Stmt statement() {
        String kw = keywordAt();
        int start = lx.pos();
        if (UNSUPPORTED_KEYWORDS.contains(kw)) {
            throw error("The '" + kw + "' keyword is not supported by this PowerShell subset.", "UnexpectedToken",
                    start, start + kw.length());
        }
        switch (kw) {
            case "if":
                return ifStatement(start);
            case "foreach":
                return foreachStatement(start);
            case "for":
                return forStatement(start);
            case "while": {
                consumeWord(kw);
                Pipeline cond = parenCondition("while");
                return new WhileStmt(cond, block("while"), ext(start));
            }
            case "do":
                return doStatement(start);
            case "switch":
                return switchStatement(start);
            case "function":
                return functionStatement(start);
            case "try":
                return tryStatement(start);
            case "return", "throw", "exit", "break", "continue": {
                consumeWord(kw);
                lastEnd = lx.pos();
                Pipeline value = null;
                Token t = peek(Mode.EXPRESSION);
                if (!t.isEnd() && !t.is("}") && !t.is(")")) {
                    if (kw.equals("break") || kw.equals("continue")) {
                        throw error("Loop labels are not supported by this PowerShell subset.", "UnexpectedToken",
                                t.start(), t.end());
                    }
                    value = pipeline();
                }
                return new FlowStmt(kw, value, ext(start));
            }
            case "param":
                throw error("Unexpected token 'param' in expression or statement.", "UnexpectedToken", start,
                        start + 5);
            case "else", "elseif", "catch", "finally", "until", "begin", "process", "end":
                if (kw.equals("begin") || kw.equals("process") || kw.equals("end")) {
                    break;
                }
                throw error("Unexpected token '" + kw + "' in expression or statement.", "UnexpectedToken", start,
                        start + kw.length());
            default:
                break;
        }
        return pipelineOrAssignment();
    }

    private Stmt pipelineOrAssignment() {
        lx.skipSpace();
        int start = lx.pos();
        if (startsExpression()) {
            Expr e = expression();
            lx.skipSpace();
            Token t = peek(Mode.EXPRESSION);
            if (t.kind() == Kind.OP && ASSIGN_OPS.contains(t.text())) {
                next(Mode.EXPRESSION);
                checkAssignable(e, start);
                lx.skipNewlines();
                Stmt value = statement();
                return new AssignStmt(e, t.text(), value, ext(start));
            }
            List<Redirect> redirects = redirections(Mode.EXPRESSION);
            List<Element> elements = new ArrayList<>();
            elements.add(new ExprElement(e, redirects, ext(start)));
            return new PipelineStmt(restOfPipeline(elements, start));
        }
        return new PipelineStmt(pipeline());
    }

    private void checkAssignable(Expr e, int start) {
        if (e instanceof Var || e instanceof Member || e instanceof Index) {
            return;
        }
        if (e instanceof Cast c && c.operand() instanceof Var) {
            return;
        }
        if (e instanceof ArrayLit a && a.items().stream().allMatch(i -> i instanceof Var)) {
            return;
        }
        throw error("The assignment expression is not valid. The input to an assignment operator must be an object "
                + "that is able to accept assignments, such as a variable or a property.", "InvalidLeftHandSide",
                start, lastEnd);
    }

    /** Does the statement at the current position start with an expression rather than a command name? */
    private boolean startsExpression() {
        char c = lx.peekChar(0);
        char d = lx.peekChar(1);
        if ("$('\"[{!,@".indexOf(c) >= 0 || Character.isDigit(c) || c == '\u2018' || c == '\u2019') {
            return !(c == '@' && d != '(' && d != '{' && d != '"' && d != '\'');
        }
        if (c == '.' && Character.isDigit(d)) {
            return true;
        }
        if (c == '-' || c == '+') {
            if (Character.isDigit(d) || d == '$' || d == '(' || d == c && lx.peekChar(2) == '$') {
                return true;
            }
            int e = lx.pos() + 1;
            while (e < src.length() && Character.isLetter(src.charAt(e))) {
                e++;
            }
            String w = src.substring(lx.pos() + 1, e).toLowerCase(Locale.ROOT);
            return w.equals("not") || w.equals("split") || w.equals("join") || w.equals("bnot");
        }
        return false;
    }

    private Pipeline pipeline() {
        lx.skipSpace();
        int start = lx.pos();
        List<Element> elements = new ArrayList<>();
        if (startsExpression()) {
            Expr e = expression();
            elements.add(new ExprElement(e, redirections(Mode.EXPRESSION), ext(start)));
        } else {
            elements.add(command());
        }
        return restOfPipeline(elements, start);
    }

    private Pipeline restOfPipeline(List<Element> elements, int start) {
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            if (!t.is("|")) {
                break;
            }
            next(Mode.EXPRESSION);
            lx.skipNewlines();
            Token after = peek(Mode.COMMAND);
            if (after.isEnd() || after.is("|") || after.is(")") || after.is("}")) {
                throw error("An empty pipe element is not allowed.", "EmptyPipeElement", t.start(), t.end());
            }
            if (startsExpression() && !(lx.peekChar(0) == '.' || lx.peekChar(0) == '&')) {
                throw error("Expressions are only allowed as the first element of a pipeline.",
                        "ExpressionsMustBeFirstInPipeline", after.start(), after.end());
            }
            elements.add(command());
        }
        return new Pipeline(elements, ext(start));
    }

    private Command command() {
        lx.skipSpace();
        int start = lx.pos();
        String invocation = null;
        char c = lx.peekChar(0);
        if ((c == '&' || c == '.') && (lx.peekChar(1) == ' ' || lx.peekChar(1) == '\t' || "$'\"({".indexOf(
                lx.peekChar(1)) >= 0)) {
            invocation = String.valueOf(c);
            lx.reset(lx.pos() + 1);
            lx.skipSpace();
        }
        int nameStart = lx.pos();
        Expr name;
        if (invocation != null) {
            name = commandArgument(next(Mode.COMMAND));
        } else {
            Token t = next(Mode.COMMAND);
            if (t.kind() == Kind.GENERIC || t.kind() == Kind.NUMBER) {
                name = new Const(t.kind() == Kind.GENERIC ? t.value() : t.text());
            } else if (t.kind() == Kind.PARAMETER) {
                name = new Const(t.text());
            } else {
                throw unexpected(t);
            }
        }
        Extent nameExtent = new Extent(src, nameStart, lastEnd);
        List<Arg> args = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            Token t = peek(Mode.COMMAND);
            if (t.isEnd() || t.is("|") || t.is(")") || t.is("}")) {
                break;
            }
            if (t.kind() == Kind.REDIRECT) {
                redirects.addAll(redirections(Mode.COMMAND));
                continue;
            }
            next(Mode.COMMAND);
            if (t.kind() == Kind.PARAMETER) {
                String pname = (String) t.value();
                if (pname.endsWith(":")) {
                    lx.skipSpace();
                    Token v = next(Mode.COMMAND);
                    Expr value = argumentWithCommas(commandArgument(v));
                    args.add(new ParamArg(pname.substring(0, pname.length() - 1), value, ext(t.start())));
                } else {
                    args.add(new ParamArg(pname, null, new Extent(src, t.start(), t.end())));
                }
            } else if (t.kind() == Kind.SPLAT) {
                args.add(new SplatArg(((Lexer.VarName) t.value()).name(), new Extent(src, t.start(), t.end())));
            } else {
                int argStart = t.start();
                Expr value = argumentWithCommas(commandArgument(t));
                args.add(new ValueArg(value, ext(argStart)));
            }
        }
        return new Command(invocation, name, args, redirects, ext(start), nameExtent);
    }

    private Expr argumentWithCommas(Expr first) {
        if (!peek(Mode.COMMAND).is(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (peek(Mode.COMMAND).is(",")) {
            next(Mode.COMMAND);
            lx.skipNewlines();
            items.add(commandArgument(next(Mode.COMMAND)));
        }
        return new ArrayLit(items);
    }

    /** One argument in command mode: a bare word, a literal, a variable (with members) or a bracketed expression. */
    private Expr commandArgument(Token t) {
        Expr e = switch (t.kind()) {
            case GENERIC -> new Const(t.value());
            case NUMBER -> new Const(t.value());
            case STRING -> new Const(t.value());
            case EXPANDABLE -> expandable((Lexer.Expandable) t.value());
            case VARIABLE -> variable(t);
            case OP -> {
                if (t.is("(") || t.is("$(") || t.is("@(") || t.is("@{") || t.is("{")) {
                    yield bracketed(t);
                }
                throw unexpected(t);
            }
            default -> throw unexpected(t);
        };
        return postfix(e, t.start(), Mode.COMMAND);
    }

    private List<Redirect> redirections(Mode mode) {
        List<Redirect> out = new ArrayList<>();
        while (peek(mode).kind() == Kind.REDIRECT) {
            Token r = next(mode);
            String[] parts = (String[]) r.value();
            if (parts[1] != null) {
                if (!parts[1].equals("&1") || parts[0].equals("1")) {
                    throw error("The redirection operator '" + r.text() + "' is not supported.",
                            "RedirectionNotSupported", r.start(), r.end());
                }
                out.add(new Redirect(parts[0], parts[1], null, false));
            } else {
                lx.skipSpace();
                Token target = next(Mode.COMMAND);
                if (target.isEnd()) {
                    throw error("Missing file specification after redirection operator.", "MissingFileSpecification",
                            r.start(), r.end());
                }
                out.add(new Redirect(parts[0], null, commandArgument(target), !parts[2].isEmpty()));
            }
        }
        return out;
    }

    private Block block(String after) {
        lx.skipNewlines();
        int open = lx.pos();
        Token t = next(Mode.EXPRESSION);
        if (!t.is("{")) {
            throw error("Missing statement block after " + after + ".", "MissingStatementBlock", t.start(), t.end());
        }
        List<Stmt> body = statements("}");
        Token close = next(Mode.EXPRESSION);
        if (!close.is("}")) {
            throw error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open,
                    open + 1);
        }
        return new Block(body, null, ext(open));
    }

    private Pipeline parenCondition(String keyword) {
        lx.skipSpace();
        Token open = next(Mode.EXPRESSION);
        if (!open.is("(")) {
            throw error("Missing '(' after '" + keyword + "' in " + keyword + " statement.",
                    "MissingOpenParenthesisAfterKeyword", open.start(), open.end());
        }
        lx.skipNewlines();
        if (peek(Mode.EXPRESSION).is(")")) {
            throw error("Missing condition in " + keyword + " statement after '" + keyword + " ('.",
                    "MissingConditionInStatement", open.end(), open.end() + 1);
        }
        Stmt s = pipelineOrAssignment();
        lx.skipNewlines();
        Token close = next(Mode.EXPRESSION);
        if (!close.is(")")) {
            throw error("Missing closing ')' after expression in '" + keyword + "' statement.",
                    "MissingEndParenthesisAfterStatement", close.start(), close.end());
        }
        return asPipeline(s);
    }

    private Pipeline asPipeline(Stmt s) {
        if (s instanceof PipelineStmt p) {
            return p.pipeline();
        }
        Expr e = new Paren(s);
        return new Pipeline(List.of(new ExprElement(e, List.of(), s.extent())), s.extent());
    }

    private Stmt ifStatement(int start) {
        List<Pipeline> conds = new ArrayList<>();
        List<Block> bodies = new ArrayList<>();
        Block elseBody = null;
        String kw = "if";
        while (true) {
            consumeWord(kw);
            conds.add(parenCondition(kw));
            bodies.add(block(kw + " ( condition )"));
            int save = lx.pos();
            lx.skipNewlines();
            String nextKw = keywordAt();
            if (nextKw.equals("elseif")) {
                kw = "elseif";
                continue;
            }
            if (nextKw.equals("else")) {
                consumeWord("else");
                elseBody = block("else");
            } else {
                lx.reset(save);
            }
            break;
        }
        return new IfStmt(conds, bodies, elseBody, ext(start));
    }

    private Stmt foreachStatement(int start) {
        consumeWord("foreach");
        lx.skipSpace();
        Token open = next(Mode.EXPRESSION);
        if (!open.is("(")) {
            throw error("Missing opening '(' after keyword 'foreach'.", "MissingOpenParenthesisAfterKeyword",
                    open.start(), open.end());
        }
        lx.skipNewlines();
        Token var = next(Mode.EXPRESSION);
        if (var.kind() != Kind.VARIABLE) {
            throw error("Missing variable name after foreach.", "MissingVariableNameAfterForeach", var.start(),
                    var.end());
        }
        lx.skipNewlines();
        Token in = next(Mode.EXPRESSION);
        if (!(in.kind() == Kind.IDENT && in.text().equalsIgnoreCase("in"))) {
            throw error("Missing 'in' after variable in foreach loop.", "MissingInInForeach", in.start(), in.end());
        }
        lx.skipNewlines();
        Pipeline coll = pipeline();
        lx.skipNewlines();
        Token close = next(Mode.EXPRESSION);
        if (!close.is(")")) {
            throw error("Missing closing ')' after expression in 'foreach' statement.",
                    "MissingEndParenthesisAfterForeach", close.start(), close.end());
        }
        return new ForeachStmt(((Lexer.VarName) var.value()).name(), coll, block("foreach ( ... )"), ext(start));
    }

    private Stmt forStatement(int start) {
        consumeWord("for");
        lx.skipSpace();
        Token open = next(Mode.EXPRESSION);
        if (!open.is("(")) {
            throw error("Missing opening '(' after keyword 'for'.", "MissingOpenParenthesisAfterKeyword", open.start(),
                    open.end());
        }
        Stmt init = forPart(";");
        Stmt cond = forPart(";");
        Stmt iter = forPart(")");
        return new ForStmt(init, cond == null ? null : asPipeline(cond), iter, block("for ( ... )"), ext(start));
    }

    private Stmt forPart(String terminator) {
        lx.skipNewlines();
        Stmt s = null;
        if (!peek(Mode.EXPRESSION).is(terminator) && peek(Mode.EXPRESSION).kind() != Kind.SEMI) {
            s = pipelineOrAssignment();
        }
        lx.skipNewlines();
        Token t = next(Mode.EXPRESSION);
        boolean ok = terminator.equals(";") ? t.kind() == Kind.SEMI : t.is(")");
        if (!ok) {
            throw error("Missing closing ')' after expression in 'for' statement.", "MissingEndParenthesisAfterStatement",
                    t.start(), t.end());
        }
        return s;
    }

    private Stmt doStatement(int start) {
        consumeWord("do");
        Block body = block("do");
        lx.skipNewlines();
        String kw = keywordAt();
        if (!kw.equals("while") && !kw.equals("until")) {
            throw error("Missing while or until keyword in do loop.", "MissingWhileOrUntilInDoWhile", lx.pos(),
                    lx.pos() + 1);
        }
        consumeWord(kw);
        Pipeline cond = parenCondition(kw);
        return new DoStmt(body, cond, kw.equals("until"), ext(start));
    }

    private Stmt switchStatement(int start) {
        consumeWord("switch");
        String mode = "exact";
        boolean caseSensitive = false;
        while (true) {
            lx.skipSpace();
            if (lx.peekChar(0) != '-') {
                break;
            }
            Token opt = next(Mode.COMMAND);
            String o = ((String) opt.value()).toLowerCase(Locale.ROOT);
            switch (o) {
                case "regex", "wildcard", "exact" -> mode = o;
                case "casesensitive" -> caseSensitive = true;
                default -> throw error("Invalid switch statement option '" + o + "'.", "InvalidSwitchFlag",
                        opt.start(), opt.end());
            }
        }
        Pipeline subject = parenCondition("switch");
        lx.skipNewlines();
        int open = lx.pos();
        if (!next(Mode.EXPRESSION).is("{")) {
            throw error("Missing '{' in switch statement.", "MissingCurlyBraceInSwitchStatement", open, open + 1);
        }
        List<SwitchClause> clauses = new ArrayList<>();
        Block def = null;
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            while (t.isEnd() && t.kind() != Kind.EOF) {
                next(Mode.EXPRESSION);
                t = peek(Mode.EXPRESSION);
            }
            if (t.is("}")) {
                next(Mode.EXPRESSION);
                break;
            }
            if (t.kind() == Kind.EOF) {
                throw error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open,
                        open + 1);
            }
            Expr pattern;
            if (t.kind() == Kind.IDENT && t.text().equalsIgnoreCase("default")) {
                next(Mode.EXPRESSION);
                def = block("default");
                continue;
            }
            Token p = next(Mode.COMMAND);
            pattern = p.is("{") ? bracketed(p) : commandArgument(p);
            clauses.add(new SwitchClause(pattern, block("switch pattern")));
        }
        return new SwitchStmt(subject, mode, caseSensitive, clauses, def, ext(start));
    }

    private Stmt functionStatement(int start) {
        consumeWord("function");
        lx.skipSpace();
        Token nameTok = next(Mode.COMMAND);
        if (nameTok.kind() != Kind.GENERIC) {
            throw error("Missing function name after 'function'.", "MissingNameAfterKeyword", nameTok.start(),
                    nameTok.end());
        }
        String name = (String) nameTok.value();
        lx.skipSpace();
        ParamBlock outer = null;
        if (lx.peekChar(0) == '(') {
            outer = paramList(false);
        }
        lx.skipNewlines();
        int open = lx.pos();
        if (!next(Mode.EXPRESSION).is("{")) {
            throw error("Missing function body in function declaration.", "MissingFunctionBody", open, open + 1);
        }
        Block body = scriptBody(true, open);
        if (!next(Mode.EXPRESSION).is("}")) {
            throw error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open,
                    open + 1);
        }
        if (outer != null) {
            if (body.params() != null) {
                throw error("A function cannot have both a parameter list and a param block.",
                        "OnlyOneParameterListAllowed", open, open + 1);
            }
            body = new Block(body.statements(), outer, body.extent());
        }
        return new FunctionStmt(name, body, ext(start));
    }

    private Stmt tryStatement(int start) {
        consumeWord("try");
        Block body = block("try");
        List<CatchClause> catches = new ArrayList<>();
        Block fin = null;
        while (true) {
            int save = lx.pos();
            lx.skipNewlines();
            String kw = keywordAt();
            int at = lx.pos();
            if (kw.equals("catch")) {
                consumeWord("catch");
                List<String> types = new ArrayList<>();
                while (true) {
                    lx.skipSpace();
                    if (lx.peekChar(0) != '[') {
                        break;
                    }
                    types.add(readBracketed().trim());
                    lx.skipSpace();
                    if (lx.peekChar(0) == ',') {
                        lx.reset(lx.pos() + 1);
                        lx.skipNewlines();
                    }
                }
                catches.add(new CatchClause(types, block("catch"), ext(at)));
            } else if (kw.equals("finally")) {
                consumeWord("finally");
                fin = block("finally");
                break;
            } else {
                lx.reset(save);
                break;
            }
        }
        if (catches.isEmpty() && fin == null) {
            throw error("The Try statement is missing its Catch or Finally block.", "MissingCatchOrFinally", lastEnd,
                    lastEnd + 1);
        }
        return new TryStmt(body, catches, fin, ext(start));
    }

    // ------------------------------------------------------------------ expressions

    private Expr expression() {
        return logical();
    }

    private Expr logical() {
        int start = lx.pos();
        Expr left = comparison();
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            if (t.is("-and") || t.is("-or") || t.is("-xor")) {
                next(Mode.EXPRESSION);
                lx.skipNewlines();
                left = new Binary(t.text().toLowerCase(Locale.ROOT), left, requireOperand(t, this::comparison),
                        ext(start));
            } else {
                return left;
            }
        }
    }

    private Expr requireOperand(Token op, java.util.function.Supplier<Expr> parse) {
        Token t = peek(Mode.EXPRESSION);
        if (t.isEnd() || t.is(")") || t.is("}") || t.is("|") || t.is(",") && !commaAllowed) {
            throw error("You must provide a value expression following the '" + op.text() + "' operator.",
                    "ExpectedValueExpression", t.start(), t.end());
        }
        return parse.get();
    }

    private Expr comparison() {
        int start = lx.pos();
        Expr left = bitwise();
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            if (t.kind() == Kind.OP && COMPARISON.contains(t.text().toLowerCase(Locale.ROOT))) {
                next(Mode.EXPRESSION);
                lx.skipNewlines();
                String op = t.text().toLowerCase(Locale.ROOT);
                left = new Binary(op, left, requireOperand(t, this::bitwise), ext(start));
            } else {
                return left;
            }
        }
    }

    private Expr bitwise() {
        int start = lx.pos();
        Expr left = additive();
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            if (t.is("-band") || t.is("-bor") || t.is("-bxor") || t.is("-shl") || t.is("-shr")) {
                next(Mode.EXPRESSION);
                lx.skipNewlines();
                left = new Binary(t.text().toLowerCase(Locale.ROOT), left, requireOperand(t, this::additive), ext(start));
            } else {
                return left;
            }
        }
    }

    private Expr additive() {
        int start = lx.pos();
        Expr left = multiplicative();
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            if (t.is("+") || t.is("-")) {
                next(Mode.EXPRESSION);
                lx.skipNewlines();
                left = new Binary(t.text(), left, requireOperand(t, this::multiplicative), ext(start));
            } else {
                return left;
            }
        }
    }

    private Expr multiplicative() {
        int start = lx.pos();
        Expr left = format();
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            if (t.is("*") || t.is("/") || t.is("%")) {
                next(Mode.EXPRESSION);
                lx.skipNewlines();
                left = new Binary(t.text(), left, requireOperand(t, this::format), ext(start));
            } else {
                return left;
            }
        }
    }

    private Expr format() {
        int start = lx.pos();
        Expr left = range();
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            if (t.is("-f")) {
                next(Mode.EXPRESSION);
                lx.skipNewlines();
                left = new Binary("-f", left, requireOperand(t, this::range), ext(start));
            } else {
                return left;
            }
        }
    }

    private Expr range() {
        int start = lx.pos();
        Expr left = unary();
        Token t = peek(Mode.EXPRESSION);
        if (t.is("..")) {
            next(Mode.EXPRESSION);
            lx.skipNewlines();
            return new Binary("..", left, requireOperand(t, this::unary), ext(start));
        }
        return left;
    }

    private Expr unary() {
        lx.skipSpace();
        int start = lx.pos();
        Token t = peek(Mode.EXPRESSION);
        if (t.is("!") || t.is("-not") || t.is("-bnot") || t.is("+") || t.is("-") || t.is("++") || t.is("--")) {
            if (t.is("-") && Character.isDigit(lx.peekChar(1))) {
                return comma();
            }
            next(Mode.EXPRESSION);
            lx.skipSpace();
            Token o = peek(Mode.EXPRESSION);
            if (o.isEnd() || o.is(")") || o.is("}")) {
                throw error("Missing expression after unary operator '" + t.text() + "'.",
                        "MissingExpressionAfterOperator", o.start(), o.end());
            }
            Expr operand = unary();
            if (t.is("++") || t.is("--")) {
                return new IncDec(operand, t.text(), true, ext(start));
            }
            return new Unary(t.text().toLowerCase(Locale.ROOT), operand, ext(start));
        }
        return comma();
    }

    private Expr comma() {
        lx.skipSpace();
        int start = lx.pos();
        if (commaAllowed && peek(Mode.EXPRESSION).is(",")) {
            next(Mode.EXPRESSION);
            lx.skipNewlines();
            return new Unary(",", splitJoin(), ext(start));
        }
        Expr first = splitJoin();
        if (!commaAllowed || !peek(Mode.EXPRESSION).is(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>();
        items.add(first);
        while (peek(Mode.EXPRESSION).is(",")) {
            Token c = next(Mode.EXPRESSION);
            lx.skipNewlines();
            items.add(requireOperand(c, this::splitJoin));
        }
        return new ArrayLit(items);
    }

    private Expr splitJoin() {
        int start = lx.pos();
        Token t = peek(Mode.EXPRESSION);
        if (t.is("-split") || t.is("-join")) {
            next(Mode.EXPRESSION);
            return new Unary(t.text().toLowerCase(Locale.ROOT), splitJoin(), ext(start));
        }
        return castOrPostfix();
    }

    private Expr castOrPostfix() {
        lx.skipSpace();
        int start = lx.pos();
        if (lx.peekChar(0) == '[') {
            String type = readBracketed().trim();
            if (lx.peekChar(0) == ':' && lx.peekChar(1) == ':') {
                return postfix(new TypeLit(type, ext(start)), start, Mode.EXPRESSION);
            }
            if (type.equalsIgnoreCase("ordered")) {
                lx.skipSpace();
                if (lx.peekChar(0) == '@' && lx.peekChar(1) == '{') {
                    Token open = next(Mode.EXPRESSION);
                    HashLit h = (HashLit) bracketed(open);
                    return postfix(new HashLit(h.keys(), h.values(), true), start, Mode.EXPRESSION);
                }
                throw error("The ordered attribute can be specified only on a hash literal node.",
                        "OrderedAttributeOnlyOnHashLiteralNode", start, lastEnd);
            }
            if (startsCastOperand()) {
                Expr operand = unaryForCast();
                return new Cast(type, operand, ext(start));
            }
            return postfix(new TypeLit(type, ext(start)), start, Mode.EXPRESSION);
        }
        Token t = next(Mode.EXPRESSION);
        return postfix(primary(t), t.start(), Mode.EXPRESSION);
    }

    private Expr unaryForCast() {
        Token t = peek(Mode.EXPRESSION);
        if (t.is("!") || t.is("-not") || t.is("-") && !Character.isDigit(lx.peekChar(1))) {
            return unary();
        }
        return castOrPostfix();
    }

    private boolean startsCastOperand() {
        lx.skipSpace();
        char c = lx.peekChar(0);
        return "$('\"[@!{".indexOf(c) >= 0 || Character.isDigit(c) || (c == '-' && (Character.isDigit(lx.peekChar(1))
                || lx.peekChar(1) == '$' || src.startsWith("-not", lx.pos())));
    }

    private Expr primary(Token t) {
        return switch (t.kind()) {
            case NUMBER, STRING -> new Const(t.value());
            case EXPANDABLE -> expandable((Lexer.Expandable) t.value());
            case VARIABLE -> variable(t);
            case OP -> {
                if (t.is("-") && Character.isDigit(lx.peekChar(0))) {
                    Token n = next(Mode.EXPRESSION);
                    yield new Const(negate((Number) n.value()));
                }
                if (t.is("(") || t.is("$(") || t.is("@(") || t.is("@{") || t.is("{")) {
                    yield bracketed(t);
                }
                throw unexpected(t);
            }
            case SPLAT -> throw error("Splatted variables like '" + t.text() + "' cannot be part of a comma-separated "
                    + "list of arguments.", "SplattingNotPermitted", t.start(), t.end());
            case EOF -> throw lx.error("Missing expression.", "ExpectedExpression", t.start());
            default -> throw unexpected(t);
        };
    }

    private static Number negate(Number n) {
        if (n instanceof Integer i) {
            return -i;
        }
        if (n instanceof Long l) {
            return LanguagePrimitives.narrow(-l);
        }
        if (n instanceof java.math.BigDecimal d) {
            return d.negate();
        }
        return -n.doubleValue();
    }

    private Expr variable(Token t) {
        Lexer.VarName v = (Lexer.VarName) t.value();
        return new Var(v.scope(), v.name(), new Extent(src, t.start(), t.end()));
    }

    /** ( ), $( ), @( ), @{ } and { } whose opening token was just read. */
    private Expr bracketed(Token open) {
        int start = open.start();
        boolean saved = commaAllowed;
        commaAllowed = true;
        try {
            switch (open.text()) {
                case "(" -> {
                    lx.skipNewlines();
                    if (peek(Mode.EXPRESSION).is(")")) {
                        throw error("An expression was expected after '('.", "ExpectedExpression", open.end(),
                                open.end() + 1);
                    }
                    Stmt s = statement();
                    lx.skipNewlines();
                    Token close = next(Mode.EXPRESSION);
                    if (!close.is(")")) {
                        throw error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression",
                                close.start(), close.end());
                    }
                    return new Paren(s);
                }
                case "$(", "@(" -> {
                    List<Stmt> body = statements(")");
                    Token close = next(Mode.EXPRESSION);
                    if (!close.is(")")) {
                        throw error("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression",
                                start, start + 2);
                    }
                    return open.text().equals("$(") ? new SubExpr(body) : new ArraySubExpr(body);
                }
                case "@{" -> {
                    return hashLiteral(start);
                }
                default -> {
                    Block body = scriptBody(true, start);
                    Token close = next(Mode.EXPRESSION);
                    if (!close.is("}")) {
                        throw error("Missing closing '}' in statement block or type definition.",
                                "MissingEndCurlyBrace", start, start + 1);
                    }
                    return new ScriptBlockLit(body, src.substring(start + 1, close.start()));
                }
            }
        } finally {
            commaAllowed = saved;
        }
    }

    private Expr hashLiteral(int start) {
        List<Expr> keys = new ArrayList<>();
        List<Stmt> values = new ArrayList<>();
        while (true) {
            Token t = peek(Mode.EXPRESSION);
            while (t.kind() == Kind.NEWLINE || t.kind() == Kind.SEMI) {
                next(Mode.EXPRESSION);
                t = peek(Mode.EXPRESSION);
            }
            if (t.is("}")) {
                next(Mode.EXPRESSION);
                return new HashLit(keys, values, false);
            }
            if (t.kind() == Kind.EOF) {
                throw error("Missing closing '}' in hash literal.", "MissingEndCurlyBrace", start, start + 2);
            }
            Expr key;
            lx.skipSpace();
            char c = lx.peekChar(0);
            if (Character.isLetter(c) || c == '_') {
                int s = lx.pos();
                int e = s;
                while (e < src.length() && !Character.isWhitespace(src.charAt(e)) && "=;}".indexOf(src.charAt(e)) < 0) {
                    e++;
                }
                key = new Const(src.substring(s, e));
                lx.reset(e);
                lastEnd = e;
            } else {
                boolean saved = commaAllowed;
                commaAllowed = false;
                key = unary();
                commaAllowed = saved;
            }
            lx.skipSpace();
            Token eq = next(Mode.EXPRESSION);
            if (!eq.is("=")) {
                throw error("Missing '=' operator after key in hash literal.", "MissingEqualsInHashLiteral", eq.start(),
                        eq.end());
            }
            lx.skipNewlines();
            keys.add(key);
            values.add(statement());
            Token sep = peek(Mode.EXPRESSION);
            if (!(sep.isEnd() || sep.is("}"))) {
                throw error("Missing statement after '=' in hash literal.", "MissingStatementInHashLiteral",
                        sep.start(), sep.end());
            }
        }
    }

    /** Member access, method calls, indexing and postfix ++/--, which must touch what precedes them. */
    private Expr postfix(Expr e, int start, Mode mode) {
        while (true) {
            char c = lx.peekChar(0);
            char d = lx.peekChar(1);
            if (c == '.' && d != '.' || c == ':' && d == ':') {
                boolean isStatic = c == ':';
                lx.reset(lx.pos() + (isStatic ? 2 : 1));
                Expr name = memberName();
                if (lx.peekChar(0) == '(') {
                    lx.reset(lx.pos() + 1);
                    List<Expr> args = methodArgs();
                    e = new Invoke(e, name, isStatic, args, ext(start));
                } else {
                    e = new Member(e, name, isStatic, ext(start));
                }
            } else if (c == '[' && !(e instanceof TypeLit)) {
                lx.reset(lx.pos() + 1);
                boolean saved = commaAllowed;
                commaAllowed = true;
                lx.skipNewlines();
                Expr index = expression();
                commaAllowed = saved;
                lx.skipNewlines();
                Token close = next(Mode.EXPRESSION);
                if (!close.is("]")) {
                    throw error("Array index expression is missing or not valid.", "MissingArrayIndexExpression",
                            close.start(), close.end());
                }
                e = new Index(e, index, ext(start));
            } else if (mode == Mode.EXPRESSION && (src.startsWith("++", lx.pos()) || src.startsWith("--", lx.pos()))
                    && (e instanceof Var || e instanceof Member || e instanceof Index)) {
                String op = src.substring(lx.pos(), lx.pos() + 2);
                lx.reset(lx.pos() + 2);
                lastEnd = lx.pos();
                e = new IncDec(e, op, false, ext(start));
            } else {
                return e;
            }
        }
    }

    private Expr memberName() {
        Token t = next(Mode.EXPRESSION);
        return switch (t.kind()) {
            case IDENT -> new Const(t.text());
            case STRING -> new Const(t.value());
            case EXPANDABLE -> expandable((Lexer.Expandable) t.value());
            case VARIABLE -> variable(t);
            case OP -> {
                if (t.is("(")) {
                    yield bracketed(t);
                }
                throw error("Missing property name after reference operator.", "MissingPropertyName", t.start(),
                        t.end());
            }
            default -> throw error("Missing property name after reference operator.", "MissingPropertyName",
                    t.start(), t.end());
        };
    }

    private List<Expr> methodArgs() {
        List<Expr> args = new ArrayList<>();
        boolean saved = commaAllowed;
        commaAllowed = false;
        try {
            lx.skipNewlines();
            if (lx.peekChar(0) == ')') {
                next(Mode.EXPRESSION);
                return args;
            }
            while (true) {
                lx.skipNewlines();
                args.add(expression());
                lx.skipNewlines();
                Token t = next(Mode.EXPRESSION);
                if (t.is(")")) {
                    return args;
                }
                if (!t.is(",")) {
                    throw error("Missing closing ')' in method call.", "MissingEndParenthesisInMethodCall", t.start(),
                            t.end());
                }
            }
        } finally {
            commaAllowed = saved;
        }
    }

    /** The parts of an expandable string: literal text, $var, ${var}, $env:X, $(...). */
    private Expr expandable(Lexer.Expandable s) {
        String raw = s.raw();
        List<Object> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '`' && i + 1 < raw.length()) {
                lit.append(Lexer.escape(raw.charAt(i + 1)));
                i += 2;
            } else if (c == '"' && s.quoted() && i + 1 < raw.length() && raw.charAt(i + 1) == '"') {
                lit.append('"');
                i += 2;
            } else if (c == '$' && i + 1 < raw.length() && raw.charAt(i + 1) == '(') {
                int abs = s.offset() + i;
                Parser sub = new Parser(src);
                sub.lx.reset(abs + 2);
                List<Stmt> body = sub.statements(")");
                Token end = sub.next(Mode.EXPRESSION);
                if (!end.is(")")) {
                    throw error("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", abs,
                            abs + 2);
                }
                flush(lit, parts);
                parts.add(new SubExpr(body));
                i = sub.lx.pos() - s.offset();
            } else if (c == '$' && i + 1 < raw.length() && raw.charAt(i + 1) == '{') {
                int end = raw.indexOf('}', i);
                if (end < 0) {
                    throw error("Missing '}' in variable reference.", "IncompleteDollarVariableReference",
                            s.offset() + i, s.offset() + i + 2);
                }
                Lexer.VarName v = Lexer.splitScope(raw.substring(i + 2, end));
                flush(lit, parts);
                parts.add(new Var(v.scope(), v.name(), new Extent(src, s.offset() + i, s.offset() + end + 1)));
                i = end + 1;
            } else if (c == '$' && i + 1 < raw.length() && (Lexer.isNameChar(raw.charAt(i + 1))
                    || "?^$".indexOf(raw.charAt(i + 1)) >= 0)) {
                int j = i + 1;
                if ("?^$".indexOf(raw.charAt(j)) >= 0) {
                    j++;
                } else {
                    while (j < raw.length() && Lexer.isNameChar(raw.charAt(j))) {
                        j++;
                    }
                }
                String scope = null;
                String name = raw.substring(i + 1, j);
                if (j < raw.length() && raw.charAt(j) == ':' && !(j + 1 < raw.length() && raw.charAt(j + 1) == ':')) {
                    if (j + 1 < raw.length() && Lexer.isNameChar(raw.charAt(j + 1))) {
                        scope = name.toLowerCase(Locale.ROOT);
                        int k = j + 1;
                        while (k < raw.length() && Lexer.isNameChar(raw.charAt(k))) {
                            k++;
                        }
                        name = raw.substring(j + 1, k);
                        j = k;
                    } else {
                        throw error("Variable reference is not valid. ':' was not followed by a valid variable name "
                                        + "character. Consider using ${} to delimit the name.",
                                "InvalidVariableReferenceWithDrive", s.offset() + i, s.offset() + j + 1);
                    }
                }
                flush(lit, parts);
                parts.add(new Var(scope, name, new Extent(src, s.offset() + i, s.offset() + j)));
                i = j;
            } else {
                lit.append(c);
                i++;
            }
        }
        flush(lit, parts);
        if (parts.isEmpty()) {
            return new Const("");
        }
        if (parts.size() == 1 && parts.get(0) instanceof String str) {
            return new Const(str);
        }
        return new ExpandString(parts);
    }

    private static void flush(StringBuilder lit, List<Object> parts) {
        if (lit.length() > 0) {
            parts.add(lit.toString());
            lit.setLength(0);
        }
    }
}
