package io.ssloffload.simulator.wsman;

/**
 * A local account that may log on with Basic authentication. Windows' Basic authentication takes
 * local accounts only, so a domain name such as {@code CONTOSO\svc} is refused here rather than
 * modelled as an account no client could ever log on with (a client sending one gets a 401).
 * {@code remoteAccess} false models a valid user outside the Administrators / Remote Management
 * Users groups: authenticated, then refused with an access-denied fault (WSManFault Code 5).
 */
public record Account(String userName, String password, boolean remoteAccess) {

    public Account {
        if (userName == null || userName.isBlank() || userName.contains(":")) {
            throw new IllegalArgumentException("a user name must be non-blank and without ':'");
        }
        if (userName.contains("\\")) {
            throw new IllegalArgumentException("Basic authentication takes local accounts only, not " + userName);
        }
        if (password == null) {
            throw new IllegalArgumentException("password must not be null");
        }
    }

    public static Account administrator(String userName, String password) {
        return new Account(userName, password, true);
    }

    /** Windows user names compare case-insensitively; passwords exactly. */
    boolean accepts(String user, String pass) {
        return userName.equalsIgnoreCase(user) && password.equals(pass);
    }

    @Override
    public String toString() {
        return "Account[" + userName + ", remoteAccess=" + remoteAccess + "]";
    }
}
