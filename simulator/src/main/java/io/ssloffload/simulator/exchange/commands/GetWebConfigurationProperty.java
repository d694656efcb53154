package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.iis.IisConfiguration;
import io.ssloffload.simulator.exchange.iis.IisSetting;
import io.ssloffload.simulator.powershell.CmdletContext;
import io.ssloffload.simulator.powershell.ParameterSpec;
import io.ssloffload.simulator.powershell.PsObject;

import java.util.List;

/**
 * WebAdministration's reader of effective (inherited) configuration. Like the real one it returns
 * an enum or flags attribute as a plain string when it has a value, but as a ConfigurationAttribute
 * object when the value is the default None, so callers must handle both; a boolean is always a
 * ConfigurationAttribute (its Value a Boolean), a collection one ConfigurationElement per item.
 */
final class GetWebConfigurationProperty extends HostCmdlet {

    static final String ERROR_ID = "Microsoft.IIs.PowerShell.Provider.GetConfigurationPropertyCommand";
    static final String CONFIGURATION_ATTRIBUTE = "Microsoft.IIs.PowerShell.Framework.ConfigurationAttribute";
    static final String CONFIGURATION_ELEMENT = "Microsoft.IIs.PowerShell.Framework.ConfigurationElement";

    private final CasServer server;

    GetWebConfigurationProperty(CasServer server) {
        super("Get-WebConfigurationProperty",
                ParameterSpec.positional("Filter", 0).required(),
                ParameterSpec.positional("PSPath", 1),
                ParameterSpec.named("Name").required(),
                ParameterSpec.named("Location"));
        this.server = server;
    }

    @Override
    public void invoke(CmdletContext context) {
        for (WebConfigurationAddress address : WebConfigurationAddress.resolveAll(server, context, ERROR_ID)) {
            IisSetting setting = address.setting();
            IisConfiguration.Effective effective = server.effectiveConfig(address.location(), setting);
            if (setting.isCollection()) {
                for (String item : effective.value().isEmpty() ? new String[0] : effective.value().split(",")) {
                    context.write(new PsObject(List.of(CONFIGURATION_ELEMENT, "System.Object"), null).with("value", item));
                }
            } else if (setting.isBoolean() || IisSetting.DEFAULT_VALUE.equals(effective.value())) {
                context.write(configurationAttribute(setting, effective));
            } else {
                context.write(effective.value());
            }
        }
    }

    private static PsObject configurationAttribute(IisSetting setting, IisConfiguration.Effective effective) {
        String leafName = setting.attribute().substring(setting.attribute().lastIndexOf('.') + 1);
        PsObject schema = new PsObject(List.of("Microsoft.IIs.PowerShell.Framework.ConfigurationAttributeSchema",
                "System.Object"), null)
                .with("Name", leafName).with("Type", setting.schemaType())
                .with("DefaultValue", setting.rawDefault()).with("IsRequired", false);
        return new PsObject(List.of(CONFIGURATION_ATTRIBUTE, "System.Object"), null)
                .with("IsInheritedFromDefaultValue", effective.inheritedFromDefault())
                .with("IsProtected", false)
                .with("Name", leafName)
                .with("TypeName", setting == IisSetting.SSL_FLAGS ? "System.UInt32"
                        : setting.isBoolean() ? "System.Boolean" : "System.String")
                .with("Schema", schema)
                .with("Value", setting.rawValue(effective.value()))
                .with("IsExtended", false);
    }
}
