package io.ssloffload.operator.api.v1alpha1;

/**
 * What the operator does on a server where Windows Extended Protection is on in an in-scope vdir.
 * Microsoft does not support Extended Protection together with SSL offloading (Outlook breaks),
 * and Exchange 2019 CU14 and later (SE too) turn it on at install and at every CU.
 */
public enum ExtendedProtectionPolicy {
    /** Change nothing on such a server, not even its vdirs without Extended Protection: a person chooses. */
    Respect,
    /**
     * The admin chose offloading over Extended Protection: set tokenChecking None on the in-scope
     * vdirs of Default Web Site (never Exchange Back End), again after every CU that turns it back on.
     */
    TurnOff
}
