package io.ssloffload.simulator.powershell;

import java.util.List;

/** The parsed form of a script: statements, pipelines, commands and expressions. */
final class Ast {

    private Ast() {
    }

    // ------------------------------------------------------------------ statements

    sealed interface Stmt permits PipelineStmt, AssignStmt, IfStmt, ForeachStmt, ForStmt, WhileStmt, DoStmt,
            SwitchStmt, FlowStmt, FunctionStmt, TryStmt {
        Extent extent();
    }

    /** A statement block or script block body; {@code params} is null when it has no param(). */
    record Block(List<Stmt> statements, ParamBlock params, Extent extent) {
    }

    record ParamBlock(List<ParamDecl> params, boolean advanced) {
    }

    /** One {@code param()} entry; type is the raw type name or null. */
    record ParamDecl(String name, String type, Expr defaultValue, boolean mandatory, int position,
                     boolean fromPipeline, List<Expr> validateSet, boolean notNullOrEmpty, List<String> aliases,
                     Extent extent) {
    }

    record PipelineStmt(Pipeline pipeline) implements Stmt {
        public Extent extent() {
            return pipeline.extent();
        }
    }

    record Pipeline(List<Element> elements, Extent extent) {
    }

    sealed interface Element permits ExprElement, Command {
        List<Redirect> redirects();

        Extent extent();
    }

    record ExprElement(Expr expr, List<Redirect> redirects, Extent extent) implements Element {
    }

    /** A command call; invocation is null, "&" or "." ; name is an expression (a constant for bare words). */
    record Command(String invocation, Expr name, List<Arg> args, List<Redirect> redirects, Extent extent,
                   Extent nameExtent) implements Element {
    }

    sealed interface Arg permits ParamArg, ValueArg, SplatArg {
    }

    /** {@code -Name} or {@code -Name:value}; value is null unless the colon form was used. */
    record ParamArg(String name, Expr value, Extent extent) implements Arg {
    }

    record ValueArg(Expr value, Extent extent) implements Arg {
    }

    record SplatArg(String variable, Extent extent) implements Arg {
    }

    /** {@code 2>$null}: stream "1".."6" or "*", target "&1" for merges, else file expression. */
    record Redirect(String stream, String merge, Expr file, boolean append) {
    }

    record AssignStmt(Expr target, String op, Stmt value, Extent extent) implements Stmt {
    }

    record IfStmt(List<Pipeline> conditions, List<Block> bodies, Block elseBody, Extent extent) implements Stmt {
    }

    record ForeachStmt(String variable, Pipeline collection, Block body, Extent extent) implements Stmt {
    }

    record ForStmt(Stmt init, Pipeline condition, Stmt iterator, Block body, Extent extent) implements Stmt {
    }

    record WhileStmt(Pipeline condition, Block body, Extent extent) implements Stmt {
    }

    record DoStmt(Block body, Pipeline condition, boolean until, Extent extent) implements Stmt {
    }

    record SwitchStmt(Pipeline subject, String mode, boolean caseSensitive, List<SwitchClause> clauses,
                      Block defaultBody, Extent extent) implements Stmt {
    }

    record SwitchClause(Expr pattern, Block body) {
    }

    /** break, continue, return, throw, exit: value may be null. */
    record FlowStmt(String kind, Pipeline value, Extent extent) implements Stmt {
    }

    record FunctionStmt(String name, Block body, Extent extent) implements Stmt {
    }

    record TryStmt(Block body, List<CatchClause> catches, Block finallyBody, Extent extent) implements Stmt {
    }

    record CatchClause(List<String> types, Block body, Extent extent) {
    }

    // ------------------------------------------------------------------ expressions

    sealed interface Expr permits Const, ExpandString, Var, ArrayLit, SubExpr, ArraySubExpr, Paren, HashLit,
            ScriptBlockLit, Binary, Unary, IncDec, Cast, TypeLit, Member, Invoke, Index {
    }

    record Const(Object value) implements Expr {
    }

    /** Parts are String literals or Expr. */
    record ExpandString(List<Object> parts) implements Expr {
    }

    record Var(String scope, String name, Extent extent) implements Expr {
    }

    record ArrayLit(List<Expr> items) implements Expr {
    }

    record SubExpr(List<Stmt> statements) implements Expr {
    }

    record ArraySubExpr(List<Stmt> statements) implements Expr {
    }

    record Paren(Stmt statement) implements Expr {
    }

    record HashLit(List<Expr> keys, List<Stmt> values, boolean ordered) implements Expr {
    }

    record ScriptBlockLit(Block body, String text) implements Expr {
    }

    record Binary(String op, Expr left, Expr right, Extent extent) implements Expr {
    }

    record Unary(String op, Expr operand, Extent extent) implements Expr {
    }

    record IncDec(Expr target, String op, boolean prefix, Extent extent) implements Expr {
    }

    record Cast(String type, Expr operand, Extent extent) implements Expr {
    }

    record TypeLit(String type, Extent extent) implements Expr {
    }

    record Member(Expr target, Expr name, boolean isStatic, Extent extent) implements Expr {
    }

    record Invoke(Expr target, Expr name, boolean isStatic, List<Expr> args, Extent extent) implements Expr {
    }

    record Index(Expr target, Expr index, Extent extent) implements Expr {
    }
}
