package io.ssloffload.simulator.wsman;

/**
 * A local account that may log on with Basic authentication. {@code remoteAccess} false models a
 * valid user outside the Administrators / Remote Management Users groups: authenticated, then
 * refused with an access-denied fault (WSManFault Code 5).
 */
public record Account(String userName, String password, boolean remoteAccess) {

    public Account {
        if (userName == null || userName.isBlank() || userName.contains(":")) {
            throw new IllegalArgumentException("a user name must be non-blank and without ':'");
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

    /** The name without a DOMAIN\ prefix, as %USERNAME% shows it. */
    String shortName() {
        int slash = userName.lastIndexOf('\\');
        return slash < 0 ? userName : userName.substring(slash + 1);
    }

    @Override
    public String toString() {
        return "Account[" + userName + ", remoteAccess=" + remoteAccess + "]";
    }
}
