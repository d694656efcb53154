package io.ssloffload.simulator.exchange;

import io.ssloffload.simulator.powershell.Cmdlet;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.PsErrorRecord;
import io.ssloffload.simulator.powershell.Runspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Calls cmdlets of a runspace by name with already-bound parameters, as the interpreter would. */
final class Shell {

    private final Runspace runspace;

    Shell(Runspace runspace) {
        this.runspace = runspace;
    }

    static Shell on(CasServer server) {
        return new Shell(TestRunspace.local(server));
    }

    Runspace runspace() {
        return runspace;
    }

    /** {@code parameters} alternate name and value: "Name", "owa", "Force", true. */
    Result run(String command, Object... parameters) {
        return pipe(List.of(), command, parameters);
    }

    Result pipe(List<Object> input, String command, Object... parameters) {
        Cmdlet cmdlet = runspace.commands().find(command)
                .orElseThrow(() -> new AssertionError("command not registered: " + command));
        Map<String, Object> bound = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < parameters.length; i += 2) {
            bound.put((String) parameters[i], parameters[i + 1]);
        }
        Result result = new Result(new ArrayList<>(), new ArrayList<>());
        cmdlet.invoke(new CmdletContext() {
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
                result.output().add(value);
            }

            @Override
            public void writeError(PsErrorRecord error) {
                result.errors().add(error);
            }

            @Override
            public Runspace runspace() {
                return runspace;
            }
        });
        return result;
    }

    record Result(List<Object> output, List<PsErrorRecord> errors) {

        Object single() {
            if (!errors.isEmpty() || output.size() != 1) {
                throw new AssertionError("expected one object and no error, got " + output + " / " + errors);
            }
            return output.get(0);
        }

        PsErrorRecord singleError() {
            if (errors.size() != 1) {
                throw new AssertionError("expected one error, got " + errors + " (output " + output + ")");
            }
            return errors.get(0);
        }
    }
}
