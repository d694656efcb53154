package io.ssloffload.simulator.wsman;

import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

import javax.security.auth.Subject;
import javax.security.auth.kerberos.KeyTab;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Optional;

/**
 * Accepts Kerberos AP-REQs, raw or inside SPNEGO, with the JDK's JGSS and the service key from a
 * keytab for {@code HTTP/<host>@REALM}, as a domain-joined server does with its machine account.
 * The realm's KDC and krb5.conf are the JVM's ({@code java.security.krb5.conf}).
 */
public final class KerberosAcceptor {

    private static final Oid KRB5;
    private static final Oid SPNEGO;

    static {
        try {
            KRB5 = new Oid("1.2.840.113554.1.2.2");
            SPNEGO = new Oid("1.3.6.1.5.5.2");
        } catch (GSSException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The client principal's name without its realm (the account name), and the AP-REP to send back. */
    record Accepted(String userName, String principal, Optional<byte[]> responseToken, MessageSecurity security) {
    }

    private final Subject subject;

    private KerberosAcceptor(Subject subject) {
        this.subject = subject;
    }

    /**
     * Accepts tickets for any service principal whose key is in {@code keytab} (such as
     * {@code HTTP/cas01.contoso.local@CONTOSO.LOCAL}), as a server with several SPNs does.
     */
    public static KerberosAcceptor fromKeytab(Path keytab) {
        if (!Files.isReadable(keytab)) {
            throw new IllegalArgumentException("keytab " + keytab + " is not readable");
        }
        Subject subject = new Subject();
        subject.getPrivateCredentials().add(KeyTab.getUnboundInstance(new File(keytab.toString())));
        return new KerberosAcceptor(subject);
    }

    /** Empty when the token is not a valid AP-REQ for this service (bad ticket, expired, other service). */
    Optional<Accepted> accept(byte[] token) {
        try {
            return Subject.doAs(subject, (PrivilegedExceptionAction<Optional<Accepted>>) () -> {
                GSSManager manager = GSSManager.getInstance();
                GSSCredential credential = manager.createCredential(null, GSSCredential.INDEFINITE_LIFETIME,
                        new Oid[]{KRB5, SPNEGO}, GSSCredential.ACCEPT_ONLY);
                GSSContext context = manager.createContext(credential);
                byte[] reply = context.acceptSecContext(token, 0, token.length);
                if (!context.isEstablished()) {
                    context.dispose();
                    return Optional.empty();
                }
                String principal = context.getSrcName().toString();
                int at = principal.indexOf('@');
                String user = at < 0 ? principal : principal.substring(0, at);
                return Optional.of(new Accepted(user, principal, Optional.ofNullable(reply).filter(r -> r.length > 0), null));
            });
        } catch (PrivilegedActionException e) {
            return Optional.empty();
        }
    }
}
