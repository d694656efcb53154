package io.ssloffload.simulator.powershell;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Properties and methods of values: what {@code $x.Name}, {@code $x.Trim()} and {@code [T]::M()} reach. */
final class Members {

    /** {@code [System.Text.Encoding]::UTF8} and friends. */
    record EncodingValue(String typeName, Charset charset) {
        @Override
        public String toString() {
            return typeName;
        }
    }

    private Members() {
    }

    private static PsException methodNotFound(Object target, String name) {
        return LanguagePrimitives.error("Method invocation failed because [" + Types.typeNameOf(target) + "] does not contain a method "
                + "named '" + name + "'.", "MethodNotFound", "InvalidOperation");
    }

    private static PsException overload(String name, int count) {
        return LanguagePrimitives.error("Cannot find an overload for \"" + name + "\" and the argument count: \"" + count + "\".",
                "MethodCountCouldNotFindBest", "NotSpecified");
    }

    private static final String INDEX_OUT_OF_RANGE = "Index was out of range. Must be non-negative and less than the "
            + "size of the collection.";

    /** A .NET exception thrown inside a method, as PowerShell wraps it. */
    static PsException methodException(String name, int count, String exceptionType, String message) {
        return new PsException(new PsErrorRecord("Exception calling \"" + name + "\" with \"" + count
                + "\" argument(s): \"" + message + "\"", exceptionType, "NotSpecified", null), "MethodInvocationException");
    }

    /** An ArgumentOutOfRangeException a method threw about one of its parameters. */
    private static PsException outOfRange(String method, int count, String message, String parameter) {
        return methodException(method, count, "ArgumentOutOfRangeException", message + "\r\nParameter name: "
                + parameter);
    }

    // ------------------------------------------------------------------ properties

    static Object get(Object target, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (target == null) {
            return null;
        }
        if (target instanceof PsHashtable h) {
            if (h.containsKey(name)) {
                return h.get(name);
            }
            return switch (n) {
                case "count" -> h.size();
                case "keys" -> h.keySet().toArray();
                case "values" -> h.values().toArray();
                default -> null;
            };
        }
        if (n.equals("psobject")) {
            List<String> typeNames = target instanceof PsObject o ? o.typeNames()
                    : List.of(Types.typeNameOf(target), Types.OBJECT);
            return new PsObject(List.of("System.Management.Automation.PSObject", Types.OBJECT), null)
                    .with("TypeNames", typeNames.toArray())
                    .with("Properties", target instanceof PsObject o ? o.propertyNames().stream()
                            .map(p -> (Object) new PsObject(List.of("System.Management.Automation.PSNoteProperty",
                                    Types.OBJECT), p).with("Name", p).with("Value", o.get(p))).toArray()
                            : new Object[0]);
        }
        if (target instanceof PsObject o) {
            if (o.has(name)) {
                return o.get(name);
            }
            return n.equals("count") || n.equals("length") ? 1 : null;
        }
        if (target instanceof String s) {
            return n.equals("length") ? s.length() : n.equals("count") ? 1 : null;
        }
        if (target instanceof byte[] b) {
            return n.equals("length") || n.equals("count") ? b.length : null;
        }
        if (LanguagePrimitives.isEnumerable(target)) {
            List<Object> items = LanguagePrimitives.enumerate(target);
            if (n.equals("count") || n.equals("length")) {
                return items.size();
            }
            List<Object> values = new ArrayList<>();
            for (Object item : items) {
                Object v = get(item, name);
                if (v != null) {
                    values.addAll(LanguagePrimitives.asList(v));
                }
            }
            return LanguagePrimitives.collapse(values);
        }
        if (target instanceof PsDateTime d) {
            ZonedDateTime z = d.value();
            return switch (n) {
                case "year" -> z.getYear();
                case "month" -> z.getMonthValue();
                case "day" -> z.getDayOfMonth();
                case "hour" -> z.getHour();
                case "minute" -> z.getMinute();
                case "second" -> z.getSecond();
                case "dayofweek" -> z.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.US);
                case "date" -> new PsDateTime(z.toLocalDate().atStartOfDay(z.getZone()));
                case "count", "length" -> 1;
                default -> null;
            };
        }
        if (target instanceof PsSecureString s) {
            return n.equals("length") ? s.length() : n.equals("count") ? 1 : null;
        }
        if (target instanceof Types.StaticType t) {
            return switch (n) {
                case "name" -> t.name().substring(t.name().lastIndexOf('.') + 1);
                case "fullname" -> t.name();
                default -> null;
            };
        }
        return n.equals("count") || n.equals("length") ? 1 : null;
    }

    static void set(Object target, String name, Object value) {
        if (target instanceof PsHashtable h) {
            h.put(name, value);
            return;
        }
        if (target instanceof PsObject o && o.has(name)) {
            o.with(name, value);
            return;
        }
        throw LanguagePrimitives.error("The property '" + name + "' cannot be found on this object. Verify that the property exists and "
                + "can be set.", "PropertyNotFound", "InvalidOperation");
    }

    // ------------------------------------------------------------------ methods

    static Object invoke(Interpreter in, Object target, String name, List<Object> args) {
        String n = name.toLowerCase(Locale.ROOT);
        int argc = args.size();
        if (target == null) {
            throw LanguagePrimitives.error("You cannot call a method on a null-valued expression.", "InvokeMethodOnNull",
                    "InvalidOperation");
        }
        if (n.equals("gettype") && argc == 0) {
            return new Types.StaticType(Types.typeNameOf(target));
        }
        if (target instanceof String s) {
            return stringMethod(s, name, n, args);
        }
        if (target instanceof PsHashtable h) {
            switch (n) {
                case "containskey":
                    need(name, args, 1);
                    return h.containsKey(args.get(0));
                case "containsvalue":
                    need(name, args, 1);
                    return h.values().stream().anyMatch(v -> LanguagePrimitives.equal(v, args.get(0), true));
                case "add":
                    need(name, args, 2);
                    if (h.containsKey(args.get(0))) {
                        Object existing = h.keySet().stream().filter(k -> LanguagePrimitives.equal(k, args.get(0),
                                false)).findFirst().orElse(args.get(0));
                        throw methodException(name, 2, "ArgumentException", "Item has already been added. Key in "
                                + "dictionary: '" + LanguagePrimitives.toStr(existing) + "'  Key being added: '"
                                + LanguagePrimitives.toStr(args.get(0)) + "'");
                    }
                    h.put(args.get(0), args.get(1));
                    return null;
                case "remove":
                    need(name, args, 1);
                    h.remove(args.get(0));
                    return null;
                case "clear":
                    h.clear();
                    return null;
                case "clone":
                    return h.copy();
                case "getenumerator": {
                    List<Object> entries = new ArrayList<>();
                    h.forEach((k, v) -> entries.add(new PsObject(List.of("System.Collections.DictionaryEntry",
                            "System.Object"), null).with("Key", k).with("Name", k).with("Value", v)));
                    return entries.toArray();
                }
                default:
                    break;
            }
        }
        if (target instanceof ArrayList<?> raw) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) raw;
            switch (n) {
                case "add":
                    need(name, args, 1);
                    list.add(args.get(0));
                    return list.size() - 1;
                case "addrange":
                    need(name, args, 1);
                    list.addAll(LanguagePrimitives.enumerate(args.get(0)));
                    return null;
                case "remove":
                    need(name, args, 1);
                    list.removeIf(o -> LanguagePrimitives.equal(o, args.get(0), true));
                    return null;
                case "removeat": {
                    need(name, args, 1);
                    int index = LanguagePrimitives.toInt(args.get(0));
                    if (index < 0 || index >= list.size()) {
                        throw outOfRange(name, argc, INDEX_OUT_OF_RANGE, "index");
                    }
                    list.remove(index);
                    return null;
                }
                case "insert": {
                    need(name, args, 2);
                    int index = LanguagePrimitives.toInt(args.get(0));
                    if (index < 0 || index > list.size()) {
                        throw outOfRange(name, argc, "Insertion index was out of range. Must be non-negative and less "
                                + "than or equal to size.", "index");
                    }
                    list.add(index, args.get(1));
                    return null;
                }
                case "clear":
                    list.clear();
                    return null;
                case "toarray":
                    return list.toArray();
                default:
                    break;
            }
        }
        if (target instanceof Object[] || target instanceof Collection<?>) {
            List<Object> items = LanguagePrimitives.enumerate(target);
            switch (n) {
                case "contains":
                    need(name, args, 1);
                    return items.stream().anyMatch(o -> LanguagePrimitives.equal(o, args.get(0), true));
                case "indexof":
                    need(name, args, 1);
                    for (int i = 0; i < items.size(); i++) {
                        if (LanguagePrimitives.equal(items.get(i), args.get(0), true)) {
                            return i;
                        }
                    }
                    return -1;
                case "where": {
                    need(name, args, 1);
                    List<Object> out = new ArrayList<>();
                    for (Object item : items) {
                        if (LanguagePrimitives.toBool(LanguagePrimitives.collapse(in.invokeWithItem(
                                scriptBlockArg(args.get(0)), item)))) {
                            out.add(item);
                        }
                    }
                    return out.toArray();
                }
                case "foreach": {
                    need(name, args, 1);
                    List<Object> out = new ArrayList<>();
                    for (Object item : items) {
                        out.addAll(in.invokeWithItem(scriptBlockArg(args.get(0)), item));
                    }
                    return out.toArray();
                }
                default:
                    break;
            }
        }
        if (target instanceof PsCredential c && n.equals("getnetworkcredential")) {
            return c.networkCredential();
        }
        if (target instanceof ScriptBlockValue sb && (n.equals("invoke") || n.equals("invokereturnasis"))) {
            return LanguagePrimitives.collapse(in.invokeScriptBlock(sb, args));
        }
        if (target instanceof PsDateTime d) {
            switch (n) {
                case "tostring":
                    needBetween(name, args, 0, 1);
                    return argc == 0 ? d.toString() : d.format(LanguagePrimitives.toStr(args.get(0)));
                case "touniversaltime":
                    need(name, args, 0);
                    return new PsDateTime(d.value().withZoneSameInstant(java.time.ZoneOffset.UTC));
                case "addseconds", "addminutes", "addhours", "adddays": {
                    need(name, args, 1);
                    double amount = LanguagePrimitives.toDouble(args.get(0));
                    long seconds = (long) (amount * switch (n) {
                        case "addseconds" -> 1;
                        case "addminutes" -> 60;
                        case "addhours" -> 3600;
                        default -> 86400;
                    });
                    return new PsDateTime(d.value().plusSeconds(seconds));
                }
                default:
                    break;
            }
        }
        if (target instanceof CompressedText.Reader reader && n.equals("readtoend")) {
            need(name, args, 0);
            return CompressedText.readToEnd(reader);
        }
        if (target instanceof Members.EncodingValue enc) {
            need(name, args, 1);
            switch (n) {
                case "getstring":
                    Object bytes = LanguagePrimitives.convertTo(args.get(0), Types.BYTE_ARRAY);
                    return new String((byte[]) bytes, enc.charset());
                case "getbytes":
                    return LanguagePrimitives.toStr(args.get(0)).getBytes(enc.charset());
                default:
                    break;
            }
        }
        switch (n) {
            case "tostring":
                if (argc == 1 && LanguagePrimitives.isNumber(target)) {
                    return Formatting.formatValue(target, LanguagePrimitives.toStr(args.get(0)));
                }
                need(name, args, 0);
                return target instanceof PsObject && !(target instanceof ErrorRecordObject)
                        && !((PsObject) target).hasStringValue() ? target.toString() : LanguagePrimitives.toStr(target);
            case "equals":
                need(name, args, 1);
                return target.equals(args.get(0)) || LanguagePrimitives.isNumber(target)
                        && LanguagePrimitives.equal(target, args.get(0), true);
            case "compareto":
                need(name, args, 1);
                return LanguagePrimitives.compare(target, args.get(0), true);
            default:
                break;
        }
        throw methodNotFound(target, name);
    }

    private static ScriptBlockValue scriptBlockArg(Object v) {
        if (v instanceof ScriptBlockValue sb) {
            return sb;
        }
        throw LanguagePrimitives.error("Cannot convert the \"" + LanguagePrimitives.toStr(v) + "\" value of type \""
                + Types.typeNameOf(v) + "\" to type \"System.Management.Automation.ScriptBlock\".",
                "ConvertToFinalInvalidCastException", "InvalidArgument");
    }

    private static void need(String name, List<Object> args, int count) {
        needBetween(name, args, count, count);
    }

    /** The argument counts the method's overloads take; others find no overload. */
    private static void needBetween(String name, List<Object> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw overload(name, args.size());
        }
    }

    private static Object stringMethod(String s, String name, String n, List<Object> args) {
        int argc = args.size();
        switch (n) {
            case "trim":
            case "trimstart":
            case "trimend": {
                // params char[]: one string argument is its characters, several are one character each
                String chars = argc == 0 ? null : args.stream().flatMap(a -> LanguagePrimitives.enumerate(a)
                        .stream()).map(LanguagePrimitives::toStr).reduce("", String::concat);
                int start = 0;
                int end = s.length();
                if (!n.equals("trimend")) {
                    while (start < end && trimmable(s.charAt(start), chars)) {
                        start++;
                    }
                }
                if (!n.equals("trimstart")) {
                    while (end > start && trimmable(s.charAt(end - 1), chars)) {
                        end--;
                    }
                }
                return s.substring(start, end);
            }
            case "split": {
                if (argc == 0) {
                    return s.split("\\s", -1);
                }
                // .NET Framework has no Split(string): PowerShell 5.1 passes a string as char[], so
                // every character of every argument is a separator.
                StringBuilder separators = new StringBuilder();
                int limit = Integer.MAX_VALUE;
                for (int i = 0; i < argc; i++) {
                    if (i == argc - 1 && i > 0 && LanguagePrimitives.isNumber(args.get(i))) {
                        limit = LanguagePrimitives.toInt(args.get(i));
                    } else {
                        LanguagePrimitives.enumerate(args.get(i)).forEach(o -> separators.append(
                                LanguagePrimitives.toStr(o)));
                    }
                }
                List<Object> parts = new ArrayList<>();
                int from = 0;
                for (int i = 0; i < s.length() && parts.size() < limit - 1; i++) {
                    if (separators.indexOf(String.valueOf(s.charAt(i))) >= 0) {
                        parts.add(s.substring(from, i));
                        from = i + 1;
                    }
                }
                parts.add(s.substring(from));
                return parts.toArray();
            }
            case "tolower", "tolowerinvariant":
                return s.toLowerCase(Locale.ROOT);
            case "toupper", "toupperinvariant":
                return s.toUpperCase(Locale.ROOT);
            case "contains":
                need(name, args, 1);
                return s.contains(LanguagePrimitives.toStr(args.get(0)));
            case "startswith":
            case "endswith": {
                needBetween(name, args, 1, 2);
                String arg = LanguagePrimitives.toStr(args.get(0));
                boolean ignoreCase = argc > 1 && LanguagePrimitives.toStr(args.get(1)).toLowerCase(Locale.ROOT)
                        .contains("ignorecase");
                String subject = ignoreCase ? s.toLowerCase(Locale.ROOT) : s;
                String needle = ignoreCase ? arg.toLowerCase(Locale.ROOT) : arg;
                return n.equals("startswith") ? subject.startsWith(needle) : subject.endsWith(needle);
            }
            case "replace":
                need(name, args, 2);
                String from = LanguagePrimitives.toStr(args.get(0));
                if (from.isEmpty()) {
                    throw methodException(name, 2, "ArgumentException", "String cannot be of zero length.\r\n"
                            + "Parameter name: oldValue");
                }
                return s.replace(from, LanguagePrimitives.toStr(args.get(1)));
            case "substring": {
                needBetween(name, args, 1, 2);
                int start = LanguagePrimitives.toInt(args.get(0));
                int len = argc == 1 ? s.length() - start : LanguagePrimitives.toInt(args.get(1));
                if (start < 0) {
                    throw outOfRange(name, argc, "StartIndex cannot be less than zero.", "startIndex");
                }
                if (start > s.length()) {
                    throw outOfRange(name, argc, "startIndex cannot be larger than length of string.",
                            "startIndex");
                }
                if (len < 0) {
                    throw outOfRange(name, argc, "Length cannot be less than zero.", "length");
                }
                if (start > s.length() - len) {
                    throw outOfRange(name, argc, "Index and length must refer to a location within the string.",
                            "length");
                }
                return s.substring(start, start + len);
            }
            case "indexof": {
                needBetween(name, args, 1, 2);
                int start = argc > 1 ? LanguagePrimitives.toInt(args.get(1)) : 0;
                if (start < 0 || start > s.length()) {
                    throw outOfRange(name, argc, INDEX_OUT_OF_RANGE, "startIndex");
                }
                return s.indexOf(LanguagePrimitives.toStr(args.get(0)), start);
            }
            case "lastindexof":
                need(name, args, 1);
                return s.lastIndexOf(LanguagePrimitives.toStr(args.get(0)));
            case "padleft":
            case "padright": {
                needBetween(name, args, 1, 2);
                int width = LanguagePrimitives.toInt(args.get(0));
                String pad = argc > 1 ? charArgument(name, "paddingChar", args.get(1)) : " ";
                if (width < 0) {
                    throw outOfRange(name, argc, "Non-negative number required.", "totalWidth");
                }
                String fill = pad.repeat(Math.max(0, width - s.length()));
                return n.equals("padleft") ? fill + s : s + fill;
            }
            case "insert": {
                need(name, args, 2);
                int at = LanguagePrimitives.toInt(args.get(0));
                if (at < 0 || at > s.length()) {
                    throw outOfRange(name, argc, "Specified argument was out of the range of valid values.",
                            "startIndex");
                }
                return s.substring(0, at) + LanguagePrimitives.toStr(args.get(1)) + s.substring(at);
            }
            case "remove": {
                needBetween(name, args, 1, 2);
                int start = LanguagePrimitives.toInt(args.get(0));
                if (start < 0) {
                    throw outOfRange(name, argc, "StartIndex cannot be less than zero.", "startIndex");
                }
                if (argc == 1) {
                    if (start >= s.length()) {
                        throw outOfRange(name, argc, "startIndex must be less than length of string.",
                                "startIndex");
                    }
                    return s.substring(0, start);
                }
                int count = LanguagePrimitives.toInt(args.get(1));
                if (count < 0) {
                    throw outOfRange(name, argc, "Count cannot be less than zero.", "count");
                }
                if (count > s.length() - start) {
                    throw outOfRange(name, argc, "Index and count must refer to a location within the string.",
                            "count");
                }
                return s.substring(0, start) + s.substring(start + count);
            }
            case "tochararray":
                return s.chars().mapToObj(c -> (Object) (char) c).toArray();
            case "tostring":
                return s;
            case "equals":
                need(name, args, 1);
                return args.get(0) instanceof String o && s.equals(o);
            case "compareto":
                need(name, args, 1);
                return Integer.signum(s.compareTo(LanguagePrimitives.toStr(args.get(0))));
            case "normalize":
                return s;
            default:
                throw methodNotFound(s, name);
        }
    }

    /** A [char] argument: PowerShell converts only a one-character string, before the method runs. */
    private static String charArgument(String method, String parameter, Object value) {
        String text = LanguagePrimitives.toStr(value);
        if (text.length() != 1) {
            throw new PsException(new PsErrorRecord("Cannot convert argument \"" + parameter + "\", with value: \""
                    + text + "\", for \"" + method + "\" to type \"System.Char\": \"Cannot convert value \"" + text
                    + "\" to type \"System.Char\". Error: \"String must be exactly one character long.\"\"",
                    "MethodArgumentConversionInvalidCastArgument", "NotSpecified", null), "MethodException");
        }
        return text;
    }

    private static boolean trimmable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    // ------------------------------------------------------------------ static members

    static Object getStatic(Interpreter in, String type, String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (type) {
            case Types.ENCODING:
                return switch (n) {
                    case "utf8" -> new EncodingValue("System.Text.UTF8Encoding", StandardCharsets.UTF_8);
                    case "unicode" -> new EncodingValue("System.Text.UnicodeEncoding", StandardCharsets.UTF_16LE);
                    case "bigendianunicode" -> new EncodingValue("System.Text.UnicodeEncoding",
                            StandardCharsets.UTF_16BE);
                    case "ascii" -> new EncodingValue("System.Text.ASCIIEncoding", StandardCharsets.US_ASCII);
                    default -> null;
                };
            case Types.ENVIRONMENT:
                return switch (n) {
                    case "newline" -> "\r\n";
                    case "machinename" -> in.runspace().host().computerName();
                    case "osversion" -> operatingSystem(in.runspace().host().windowsRelease());
                    case "username" -> in.runspace().environment().get("USERNAME");
                    default -> null;
                };
            case CompressedText.COMPRESSION_MODE:
                return CompressedText.modeNamed(n);
            case Types.STRING:
                return n.equals("empty") ? "" : null;
            case Types.INT:
                return n.equals("maxvalue") ? Integer.MAX_VALUE : n.equals("minvalue") ? Integer.MIN_VALUE : null;
            case Types.LONG:
                return n.equals("maxvalue") ? Long.MAX_VALUE : n.equals("minvalue") ? Long.MIN_VALUE : null;
            case Types.DATETIME:
                return switch (n) {
                    case "now" -> in.now();
                    case "utcnow" -> new PsDateTime(in.now().value().withZoneSameInstant(java.time.ZoneOffset.UTC));
                    default -> null;
                };
            default:
                return null;
        }
    }

    /** [Environment]::OSVersion: powershell.exe's manifest names Windows 8.1 and 10, so the real version shows. */
    private static PsObject operatingSystem(WindowsRelease release) {
        String version = release.ntVersion() + ".0";
        return new PsObject(List.of("System.OperatingSystem", "System.Object"), "Microsoft Windows NT " + version)
                .with("Platform", "Win32NT")
                .with("ServicePack", "")
                .with("Version", SystemVersion.of(version))
                .with("VersionString", "Microsoft Windows NT " + version);
    }

    static Object invokeStatic(Interpreter in, String type, String name, List<Object> args) {
        String n = name.toLowerCase(Locale.ROOT);
        int argc = args.size();
        switch (type + "::" + n) {
            case Types.CONVERT + "::frombase64string": {
                need(name, args, 1);
                String s = LanguagePrimitives.toStr(args.get(0)).replaceAll("[ \\t\\r\\n]", "");
                try {
                    if (s.length() % 4 != 0) {
                        throw new IllegalArgumentException();
                    }
                    return Base64.getDecoder().decode(s);
                } catch (IllegalArgumentException e) {
                    throw methodException(name, 1, "FormatException", "The input is not a valid Base-64 string as "
                            + "it contains a non-base 64 character, more than two padding characters, or an illegal "
                            + "character among the padding characters. ");
                }
            }
            case Types.CONVERT + "::tobase64string": {
                need(name, args, 1);
                if (args.get(0) == null) {
                    throw methodException(name, 1, "ArgumentNullException", "Value cannot be null.\r\n"
                            + "Parameter name: inArray");
                }
                return Base64.getEncoder().encodeToString((byte[]) LanguagePrimitives.convertTo(args.get(0),
                        Types.BYTE_ARRAY));
            }
            case Types.CONVERT + "::toint32":
                needBetween(name, args, 1, 2);
                return argc == 2 ? ConvertToInt32.fromBase(args.get(0), LanguagePrimitives.toInt(args.get(1)))
                        : ConvertToInt32.from(args.get(0));
            case Types.STRING + "::isnullorempty":
                need(name, args, 1);
                return args.get(0) == null || LanguagePrimitives.toStr(args.get(0)).isEmpty();
            case Types.STRING + "::isnullorwhitespace":
                need(name, args, 1);
                return args.get(0) == null || LanguagePrimitives.toStr(args.get(0)).isBlank();
            case Types.STRING + "::join": {
                if (argc < 2) {
                    throw overload(name, argc);
                }
                List<Object> items = argc == 2 ? LanguagePrimitives.enumerate(args.get(1)) : args.subList(1, argc);
                StringBuilder sb = new StringBuilder();
                String sep = LanguagePrimitives.toStr(args.get(0));
                for (int i = 0; i < items.size(); i++) {
                    sb.append(i == 0 ? "" : sep).append(LanguagePrimitives.toStr(items.get(i)));
                }
                return sb.toString();
            }
            case Types.STRING + "::format":
                if (argc < 1) {
                    throw overload(name, argc);
                }
                return Formatting.format(LanguagePrimitives.toStr(args.get(0)), argc == 2
                        ? LanguagePrimitives.asList(args.get(1)) : args.subList(1, argc));
            case Types.STRING + "::concat":
                return args.stream().map(LanguagePrimitives::toStr).reduce("", String::concat);
            case Types.INT + "::parse", Types.LONG + "::parse", Types.DOUBLE + "::parse": {
                need(name, args, 1);
                String s = LanguagePrimitives.toStr(args.get(0));
                Number num = LanguagePrimitives.parseNumber(s);
                if (num == null || s.isBlank() || (!type.equals(Types.DOUBLE) && num instanceof Double)) {
                    throw methodException(name, 1, "FormatException", "Input string was not in a correct format.");
                }
                return LanguagePrimitives.convertTo(num, type);
            }
            case Types.ENVIRONMENT + "::getenvironmentvariable":
                need(name, args, 1);
                return in.runspace().environment().get(LanguagePrimitives.toStr(args.get(0)));
            case Types.MATH + "::max", Types.MATH + "::min": {
                need(name, args, 2);
                int c = LanguagePrimitives.compare(args.get(0), args.get(1), false);
                return n.equals("max") == (c >= 0) ? args.get(0) : args.get(1);
            }
            case Types.MATH + "::abs": {
                need(name, args, 1);
                Number v = LanguagePrimitives.toNumber(args.get(0));
                return v instanceof Double d ? Math.abs(d) : LanguagePrimitives.narrow(Math.abs(v.longValue()));
            }
            case Types.MATH + "::floor", Types.MATH + "::ceiling", Types.MATH + "::round": {
                needBetween(name, args, 1, n.equals("round") ? 2 : 1);
                double d = LanguagePrimitives.toDouble(args.get(0));
                if (argc == 2) {
                    int digits = LanguagePrimitives.toInt(args.get(1));
                    if (digits < 0 || digits > 15) {
                        throw outOfRange(name, argc, "Rounding digits must be between 0 and 15, inclusive.", "digits");
                    }
                    return new java.math.BigDecimal(Double.toString(d)).setScale(digits,
                            java.math.RoundingMode.HALF_EVEN).doubleValue();
                }
                return n.equals("floor") ? Math.floor(d) : n.equals("ceiling") ? Math.ceil(d) : Math.rint(d);
            }
            case Types.DATETIME + "::parse":
                need(name, args, 1);
                return LanguagePrimitives.convertTo(args.get(0), Types.DATETIME);
            default:
                throw LanguagePrimitives.error("Method invocation failed because [" + type + "] does not contain a method named '" + name
                        + "'.", "MethodNotFound", "InvalidOperation");
        }
    }
}
