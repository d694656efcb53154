package io.ssloffload.operator.remote;

/** Opens sessions to servers; the WinRM implementation in production, an in-memory fake in unit tests. */
public interface CasConnector extends AutoCloseable {

    /** @throws CasException when the server cannot be reached or refuses the credentials */
    CasSession connect(ServerEndpoint endpoint);

    @Override
    void close();
}
