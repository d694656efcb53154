package io.ssloffload.simulator.exchange;

import java.util.Locale;

/**
 * The fleet's administrator account, as a domain controller would check it. The account may be
 * written {@code CONTOSO\Administrator}, {@code Administrator@contoso.local} or bare.
 */
public final class ExchangeCredentials {

    private final String domain;
    private final String account;
    private volatile String password;

    public ExchangeCredentials(String domain, String userName, String password) {
        this.domain = domain;
        this.account = accountOf(userName);
        this.password = password;
    }

    /**
     * The domain account's password reset, as an administrator does in AD.
     *
     * @throws IllegalArgumentException when {@code userName} is not this account
     */
    public void changePassword(String userName, String newPassword) {
        if (userName == null || !accountOf(userName).equalsIgnoreCase(account)) {
            throw new IllegalArgumentException("no account " + userName);
        }
        if (newPassword == null) {
            throw new IllegalArgumentException("password must not be null");
        }
        password = newPassword;
    }

    public boolean accepts(String userName, String candidatePassword) {
        if (userName == null || candidatePassword == null) {
            return false;
        }
        String domainPart = domainOf(userName);
        boolean domainMatches = domainPart == null || domainPart.equalsIgnoreCase(domain)
                || domainPart.equalsIgnoreCase(netbiosName());
        return domainMatches && accountOf(userName).equalsIgnoreCase(account) && password.equals(candidatePassword);
    }

    private String netbiosName() {
        return domain.split("\\.")[0].toUpperCase(Locale.ROOT);
    }

    private static String accountOf(String userName) {
        String name = userName.trim();
        int slash = name.indexOf('\\');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(0, at) : name;
    }

    private static String domainOf(String userName) {
        String name = userName.trim();
        int slash = name.indexOf('\\');
        if (slash >= 0) {
            return name.substring(0, slash);
        }
        int at = name.indexOf('@');
        return at >= 0 ? name.substring(at + 1) : null;
    }
}
