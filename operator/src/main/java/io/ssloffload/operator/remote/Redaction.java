package io.ssloffload.operator.remote;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last line of defence for logs: masks every password the operator has been given (as text,
 * in base64 as a Secret's data holds it, and as a Basic {@code Authorization} value) and the
 * places a secret travels in (Authorization headers, the WinRM shell's credential variable, a
 * {@code password} field). Libraries whose debug output carries secrets are also kept at a safe
 * level by the logging configuration; this catches what a new library version or a forgotten
 * logger would print anyway.
 */
public final class Redaction {

    public static final String MASK = "***";

    /** Bounded, oldest forgotten first: rotated passwords need not be kept forever. */
    private static final int MAX_REMEMBERED = 1000;
    private static final Set<String> SECRETS = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>() {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > MAX_REMEMBERED;
                }
            }));

    private static final List<Pattern> CARRIERS = List.of(
            // HTTP Authorization / Proxy-Authorization headers as wire and header logs print them
            Pattern.compile("(?i)((?:proxy-)?authorization\"?\\s*[:=]\\s*\"?)[^\"\\r\\n\\]]+"),
            // the WS-Management shell environment that carries the Exchange credential
            Pattern.compile("(?i)(Name=\"" + WinRmCasConnector.PASSWORD_VARIABLE + "\">)[^<]*"),
            Pattern.compile("(?i)(" + WinRmCasConnector.PASSWORD_VARIABLE + "\\s*[=:]\\s*)\\S+"),
            // a JSON or YAML password field (a Secret's data or stringData)
            Pattern.compile("(?i)(\"password\"\\s*:\\s*\")[^\"]*"));

    private Redaction() {
    }

    /** Masks this credential's password from now on, in every form a log could show it. */
    public static void remember(String username, String password) {
        if (password == null || password.isEmpty()) {
            return;
        }
        Base64.Encoder base64 = Base64.getEncoder();
        SECRETS.add(password);
        SECRETS.add(base64.encodeToString(password.getBytes(StandardCharsets.UTF_8)));
        SECRETS.add(base64.encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** The text with every remembered secret and every secret carrier masked; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Pattern carrier : CARRIERS) {
            Matcher m = carrier.matcher(result);
            if (m.find()) {
                result = m.replaceAll(match -> Matcher.quoteReplacement(match.group(1)) + MASK);
            }
        }
        String[] secrets;
        synchronized (SECRETS) {
            secrets = SECRETS.toArray(String[]::new);
        }
        // longest first, so that a secret containing another is masked whole
        java.util.Arrays.sort(secrets, (a, b) -> b.length() - a.length());
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MASK);
            }
        }
        return result;
    }
}
