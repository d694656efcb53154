package io.ssloffload.simulator.powershell;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** One cmdlet invocation as the interpreter runs it. */
final class CmdletContextImpl implements CmdletContext {

    private final Interpreter interpreter;
    private final String command;
    private final Extent extent;
    private final Map<String, Object> bound;
    private final List<Object> input;
    private final Consumer<Object> out;
    private final Consumer<ErrorRecordObject> errors;

    CmdletContextImpl(Interpreter interpreter, String command, Extent extent, Map<String, Object> bound,
                      List<Object> input, Consumer<Object> out, Consumer<ErrorRecordObject> errors) {
        this.interpreter = interpreter;
        this.command = command;
        this.extent = extent;
        this.bound = bound;
        this.input = input;
        this.out = out;
        this.errors = errors;
    }

    @Override
    public Map<String, Object> bound() {
        return bound;
    }

    @Override
    public List<Object> pipelineInput() {
        return input;
    }

    @Override
    public void write(Object value) {
        out.accept(value);
    }

    @Override
    public void writeError(PsErrorRecord error) {
        String first = error.errorId().split(",")[0];
        writeError(new PsException(error, first.endsWith("Exception") ? first : "RuntimeException"));
    }

    @Override
    public void writeError(PsException error) {
        errors.accept(ErrorRecordObject.ofCommand(error, command, extent));
    }

    /** Writes a fully formed ErrorRecord (Write-Error, remote errors) through this command's ErrorAction. */
    void writeErrorRecord(ErrorRecordObject error) {
        errors.accept(error);
    }

    @Override
    public Runspace runspace() {
        return interpreter.runspace();
    }

    Interpreter interpreter() {
        return interpreter;
    }

    String command() {
        return command;
    }

    Extent extent() {
        return extent;
    }

    /** The values this invocation's items come from: pipeline input if any, else the parameter's value. */
    List<Object> inputOr(String parameter) {
        if (!input.isEmpty()) {
            return input;
        }
        return LanguagePrimitives.enumerate(bound.get(parameter));
    }
}
