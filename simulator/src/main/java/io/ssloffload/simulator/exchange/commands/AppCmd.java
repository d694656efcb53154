package io.ssloffload.simulator.exchange.commands;

import io.ssloffload.simulator.exchange.CasServer;
import io.ssloffload.simulator.exchange.iis.IisConfiguration;
import io.ssloffload.simulator.exchange.iis.IisSetting;
import io.ssloffload.simulator.powershell.NativeCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code %windir%\system32\inetsrv\appcmd.exe}: {@code set config}, {@code list config},
 * {@code recycle apppool} and {@code list apppool}. Like appcmd it prints its errors on stdout as {@code ERROR ( message:... )}
 * and exits non-zero; a rejected call changes nothing.
 */
final class AppCmd implements NativeCommand {

    private static final int ERROR_INVALID_DATA = 13;
    private static final int ERROR_NOT_FOUND = 1168;
    private static final int ERROR_INVALID_PARAMETER = 87;

    private final CasServer server;

    AppCmd(CasServer server) {
        this.server = server;
    }

    @Override
    public Result run(List<String> arguments, Map<String, String> environment) {
        List<String> args = arguments.stream().map(AppCmd::unquote).toList();
        if (args.size() < 2) {
            return error("Object '" + (args.isEmpty() ? "" : args.get(0)) + "' is not supported.  Run 'appcmd.exe /?' "
                    + "to display supported objects.", ERROR_INVALID_PARAMETER);
        }
        String command = args.get(0).toLowerCase(Locale.ROOT) + " " + args.get(1).toLowerCase(Locale.ROOT);
        List<String> rest = args.subList(2, args.size());
        return switch (command) {
            case "set config" -> setConfig(rest);
            case "recycle apppool" -> recycle(rest);
            case "list apppool", "list apppools" -> listAppPools();
            case "list config" -> listConfig(rest);
            default -> error("Object '" + args.get(1) + "' is not supported for command '" + args.get(0)
                    + "'.  Run 'appcmd.exe /?' to display supported objects.", ERROR_INVALID_PARAMETER);
        };
    }

    private Result setConfig(List<String> args) {
        String path = "";
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (isOption(arg)) {
                int colon = arg.indexOf(':');
                options.put(colon < 0 ? arg.substring(1) : arg.substring(1, colon),
                        colon < 0 ? "" : unquote(arg.substring(colon + 1)));
            } else {
                path = arg;
            }
        }
        String sectionOption = take(options, "section");
        if (sectionOption == null) {
            return error("Must specify the /section parameter.", ERROR_INVALID_PARAMETER);
        }
        Optional<String> section = IisSetting.resolveSection(sectionOption);
        if (section.isEmpty()) {
            return error("Unknown config section \"" + sectionOption + "\".  Replace with ? for help.", ERROR_INVALID_PARAMETER);
        }
        String commit = take(options, "commit");
        Optional<String> location = server.findLocation(path);
        if (location.isEmpty()) {
            return error(IisErrors.unknownPath(IisConfiguration.configPath(path)), ERROR_NOT_FOUND);
        }
        boolean atApphost = location.get().isEmpty() || (commit != null
                && (commit.equalsIgnoreCase("apphost") || commit.equalsIgnoreCase(IisConfiguration.APPHOST)));
        if (!atApphost) {
            return error("Configuration error \r\n" + IisErrors.lockedSection(location.get()), ERROR_INVALID_DATA);
        }
        if (options.isEmpty()) {
            return error("Must specify at least one attribute to set.", ERROR_INVALID_PARAMETER);
        }
        Map<IisSetting, String> writes = new LinkedHashMap<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            Optional<IisSetting> setting = IisSetting.find(section.get(), option.getKey());
            if (setting.isEmpty()) {
                return error("Unknown attribute \"" + option.getKey() + "\".  Replace with -? for help.", ERROR_INVALID_PARAMETER);
            }
            try {
                writes.put(setting.get(), setting.get().canonical(option.getValue()));
            } catch (IllegalArgumentException e) {
                return error(e.getMessage(), ERROR_INVALID_DATA);
            }
        }
        writes.forEach((setting, value) -> server.writeConfig(location.get(), setting, value, "appcmd"));
        return new Result("Applied configuration changes to section \"" + section.get() + "\" for \""
                + IisConfiguration.configPath(location.get())
                + "\" at configuration commit path \"" + IisConfiguration.APPHOST + "\"\r\n", "", 0);
    }

    /**
     * {@code list config [path] /section:name}: the section's effective configuration at the path as
     * XML, one element per level of the section path indented by two spaces, attributes that have a
     * value other than the schema default (inherited or set there), flags written "Ssl, Ssl128" as
     * appcmd shows them, a dotted attribute as a child element.
     */
    private Result listConfig(List<String> args) {
        String path = "";
        String sectionOption = null;
        for (String arg : args) {
            if (isOption(arg)) {
                int colon = arg.indexOf(':');
                String name = colon < 0 ? arg.substring(1) : arg.substring(1, colon);
                if (!name.equalsIgnoreCase("section")) {
                    return error("Unknown option \"" + name + "\".  Only /section is modelled for list config.",
                            ERROR_INVALID_PARAMETER);
                }
                sectionOption = colon < 0 ? "" : unquote(arg.substring(colon + 1));
            } else {
                path = arg;
            }
        }
        if (sectionOption == null) {
            return error("Listing every section of a path is not modelled: give /section.", ERROR_INVALID_PARAMETER);
        }
        Optional<String> section = IisSetting.resolveSection(sectionOption);
        if (section.isEmpty()) {
            return error("Unknown config section \"" + sectionOption + "\".  Replace with ? for help.", ERROR_INVALID_PARAMETER);
        }
        Optional<String> location = server.findLocation(path);
        if (location.isEmpty()) {
            return error(IisErrors.unknownPath(IisConfiguration.configPath(path)), ERROR_NOT_FOUND);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, Map<String, String>> children = new LinkedHashMap<>();
        for (IisSetting setting : IisSetting.values()) {
            if (!setting.section().equals(section.get())) {
                continue;
            }
            IisConfiguration.Effective effective = server.effectiveConfig(location.get(), setting);
            if (effective.inheritedFromDefault()) {
                continue;
            }
            String shown = setting.schemaType().equals("flags") ? effective.value().replace(",", ", ") : effective.value();
            int dot = setting.attribute().lastIndexOf('.');
            if (dot < 0) {
                attributes.put(setting.attribute(), shown);
            } else {
                children.computeIfAbsent(setting.attribute().substring(0, dot), c -> new LinkedHashMap<>())
                        .put(setting.attribute().substring(dot + 1), shown);
            }
        }
        String[] elements = section.get().split("/");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < elements.length - 1; i++) {
            out.append("  ".repeat(i)).append('<').append(elements[i]).append(">\r\n");
        }
        String indent = "  ".repeat(elements.length - 1);
        String innermost = elements[elements.length - 1];
        out.append(indent).append('<').append(innermost).append(xmlAttributes(attributes));
        if (children.isEmpty()) {
            out.append(" />\r\n");
        } else {
            out.append(">\r\n");
            children.forEach((child, values) -> out.append(indent).append("  <").append(child)
                    .append(xmlAttributes(values)).append(" />\r\n"));
            out.append(indent).append("</").append(innermost).append(">\r\n");
        }
        for (int i = elements.length - 2; i >= 0; i--) {
            out.append("  ".repeat(i)).append("</").append(elements[i]).append(">\r\n");
        }
        return new Result(out.append("\r\n").toString(), "", 0);
    }

    private static String xmlAttributes(Map<String, String> attributes) {
        StringBuilder out = new StringBuilder();
        attributes.forEach((name, value) -> out.append(' ').append(name).append("=\"")
                .append(value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;")).append('"'));
        return out.toString();
    }

    private Result recycle(List<String> args) {
        String name = null;
        for (String arg : args) {
            if (isOption(arg)) {
                int colon = arg.indexOf(':');
                if (colon > 0 && arg.substring(1, colon).equalsIgnoreCase("apppool.name")) {
                    name = unquote(arg.substring(colon + 1));
                }
            } else {
                name = arg;
            }
        }
        if (name == null) {
            return error("Must specify the APPPOOL object with identifier or \"/apppool.name\" parameter.",
                    ERROR_INVALID_PARAMETER);
        }
        Optional<String> pool = server.findAppPool(name);
        if (pool.isEmpty()) {
            return error("Cannot find APPPOOL object with identifier \"" + name + "\".", ERROR_NOT_FOUND);
        }
        server.recycleAppPool(pool.get());
        return new Result("\"" + pool.get() + "\" successfully recycled\r\n", "", 0);
    }

    private Result listAppPools() {
        StringBuilder out = new StringBuilder();
        server.appPoolNames().forEach(pool -> out.append("APPPOOL \"").append(pool)
                .append("\" (MgdVersion:v4.0,MgdMode:Integrated,state:Started)\r\n"));
        return new Result(out.toString(), "", 0);
    }

    private static boolean isOption(String arg) {
        return arg.length() > 1 && (arg.startsWith("/") || arg.startsWith("-"));
    }

    /** Removes an option case-insensitively and returns its value. */
    private static String take(Map<String, String> options, String name) {
        for (String key : new ArrayList<>(options.keySet())) {
            if (key.equalsIgnoreCase(name)) {
                return options.remove(key);
            }
        }
        return null;
    }

    private static String unquote(String text) {
        return text.replace("\"", "").trim();
    }

    private static Result error(String message, int exitCode) {
        return new Result("ERROR ( message:" + message + " )\r\n", "", exitCode);
    }
}
