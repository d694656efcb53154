package io.ssloffload.simulator.powershell;

import io.ssloffload.simulator.powershell.Ast.*;

import java.util.Locale;

/**
 * What a no-language runspace (Exchange's remote endpoint) accepts: commands with constant
 * arguments only. Variables (also $using:), expressions, assignments, script constructs and
 * param() blocks are refused with PowerShell's ScriptsNotAllowed error.
 */
final class NoLanguageCheck {

    private NoLanguageCheck() {
    }

    static void check(Block block, String text) {
        boolean ok = block.params() == null && block.statements().stream().allMatch(NoLanguageCheck::allowed);
        if (!ok) {
            throw new PsException(new PsErrorRecord("The syntax is not supported by this runspace. This can occur if "
                    + "the runspace is in no-language mode.", "ScriptsNotAllowed", "ParserError", text),
                    "ParseException");
        }
    }

    private static boolean allowed(Stmt s) {
        if (!(s instanceof PipelineStmt p)) {
            return false;
        }
        for (Element e : p.pipeline().elements()) {
            if (!(e instanceof Command c) || c.invocation() != null || !(c.name() instanceof Const)
                    || !c.redirects().isEmpty()) {
                return false;
            }
            for (Arg a : c.args()) {
                boolean constant = a instanceof ParamArg pa ? pa.value() == null || constant(pa.value())
                        : a instanceof ValueArg va && constant(va.value());
                if (!constant) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean constant(Expr e) {
        if (e instanceof Const) {
            return true;
        }
        if (e instanceof ArrayLit a) {
            return a.items().stream().allMatch(NoLanguageCheck::constant);
        }
        if (e instanceof Var v && v.scope() == null) {
            String n = v.name().toLowerCase(Locale.ROOT);
            return n.equals("true") || n.equals("false") || n.equals("null");
        }
        return false;
    }
}
