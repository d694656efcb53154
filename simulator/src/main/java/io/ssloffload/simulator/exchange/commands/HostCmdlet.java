package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.powershell.Cmdlet;
import io.ssloffload.simulator.powershell.ParameterSpec;

import java.util.List;

/** A cmdlet of this host: a name and its declared parameters; subclasses implement invoke. */
abstract class HostCmdlet implements Cmdlet {

    private final String name;
    private final List<ParameterSpec> parameters;

    HostCmdlet(String name, ParameterSpec... parameters) {
        this.name = name;
        this.parameters = List.of(parameters);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<ParameterSpec> parameters() {
        return parameters;
    }
}
