package io.ssloffload.operator.remote;

import io.cloudsoft.winrm4j.client.WinRmClient;
import io.cloudsoft.winrm4j.client.WinRmClientBuilder;
import io.cloudsoft.winrm4j.client.WinRmClientContext;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.transport.http.HTTPConduitConfigurer;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduit;
import org.apache.cxf.transport.http.asyncclient.AsyncHTTPConduitFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens WinRM sessions with winrm4j. The Exchange credential reaches scripts through the shell's
 * environment (set when the shell is created), so it never appears in a command line.
 */
public final class WinRmCasConnector implements CasConnector {

    /** Environment variables the Outlook Anywhere scripts read the Exchange credential from. */
    static final String USER_VARIABLE = "SSLO_EXCHANGE_USER";
    static final String PASSWORD_VARIABLE = "SSLO_EXCHANGE_PASSWORD";

    private final Bus bus = BusFactory.newInstance().createBus();
    private final WinRmClientContext context;
    private final ExecutorService executor;
    private final RemoteCallListener listener;

    /** Threads of the pool that runs WinRM calls under their deadlines: {@value}. */
    public static final String THREAD_PREFIX = "winrm-";
    /** How long a call waits for a WinRM call thread when every one is busy. */
    static final Duration POOL_WAIT = Duration.ofSeconds(10);

    /** @param maxParallelServers servers reached at once (--max-parallel-servers): bounds this connector's threads */
    public WinRmCasConnector(int maxParallelServers) {
        this(RemoteCallListener.NONE, maxParallelServers);
    }

    /** @param maxParallelServers servers reached at once (--max-parallel-servers): bounds this connector's threads */
    public WinRmCasConnector(RemoteCallListener listener, int maxParallelServers) {
        this.listener = listener;
        // What WinRmClientContext.newInstance() sets (the async conduit: Apache HttpAsyncClient, which
        // speaks NTLM), plus a 401 that ends the request instead of a retransmit that hangs.
        bus.getProperties().put(AsyncHTTPConduit.USE_ASYNC, Boolean.TRUE);
        bus.getProperties().put(AsyncHTTPConduitFactory.USE_POLICY, AsyncHTTPConduitFactory.UseAsyncPolicy.ALWAYS);
        bus.setExtension(new FinalChallenge(), HTTPConduitConfigurer.class);
        this.context = WinRmClientContext.newInstance(bus);
        AtomicInteger threads = new AtomicInteger();
        // A server's work runs one WinRM call at a time (its session's close is one more, awaited the
        // same way): at most one busy thread per server reached at once, threads made only when none
        // is idle, and twice that at most, the rest for calls abandoned at their deadline, which may
        // hold a thread a while longer. When even those are all busy, a call waits briefly for one.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, 2 * maxParallelServers, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, THREAD_PREFIX + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (task, full) -> {
                    try {
                        if (!full.isShutdown() && full.getQueue().offer(task, POOL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new RejectedExecutionException("every WinRM call thread is busy");
                });
        this.executor = pool;
    }

    @Override
    public CasSession connect(ServerEndpoint endpoint) {
        DeadlineClock deadline = new DeadlineClock();
        ServerEndpoint.Credentials credentials = endpoint.credentials();
        WinRmClientBuilder builder = WinRmClient.builder(endpoint.url())
                .context(context)
                .authenticationScheme(scheme(endpoint.authentication()))
                .operationTimeout(endpoint.operationTimeout().toMillis())
                // CXF must wait a little longer than a held Receive, or every quiet poll is an error.
                .receiveTimeout(endpoint.operationTimeout().toMillis() + 15_000)
                .connectionTimeout(Math.min(endpoint.commandDeadline().toMillis(), 30_000))
                .retryReceiveAfterOperationTimeout(ignored -> deadline.allowsAnotherReceive())
                .environment(Map.of(USER_VARIABLE, credentials.username(), PASSWORD_VARIABLE, credentials.password()));
        int slash = credentials.username().indexOf('\\');
        if (endpoint.authentication() == ServerEndpoint.Authentication.KERBEROS) {
            // a TGT from the KDC of the user's realm (user@REALM, else krb5.conf's default realm)
            builder.requestNewKerberosTicket(true).credentials(
                    slash > 0 ? credentials.username().substring(slash + 1) : credentials.username(), credentials.password());
        } else if (slash > 0) {
            builder.credentials(credentials.username().substring(0, slash),
                    credentials.username().substring(slash + 1), credentials.password());
        } else {
            builder.credentials(credentials.username(), credentials.password());
        }
        if (endpoint.https()) {
            if (endpoint.insecureSkipTlsVerify()) {
                builder.disableCertificateChecks(true);
            } else if (endpoint.trustedCas() != null) {
                builder.sslContext(endpoint.trustedCas());
            }
        }
        return new WinRmCasSession(endpoint, builder.build(), executor, deadline, listener);
    }

    @Override
    public void close() {
        executor.shutdownNow();
        // A context made from our own Bus leaves shutting it down to us.
        context.shutdown();
        bus.shutdown(true);
    }

    private static String scheme(ServerEndpoint.Authentication authentication) {
        return switch (authentication) {
            case BASIC -> "Basic";
            case NTLM -> "NTLM";
            case KERBEROS -> "Kerberos";
        };
    }
}
