package io.ssloffload.operator.api.v1alpha1;

/** Outlook Anywhere client and IIS authentication methods, spelled as Set-OutlookAnywhere takes them. */
public enum AuthenticationMethod {
    Basic,
    Ntlm,
    Negotiate
}
