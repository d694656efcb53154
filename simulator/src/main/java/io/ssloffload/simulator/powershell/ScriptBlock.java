package io.ssloffload.simulator.powershell;

/** A script block value ({@code { ... }}); the interpreter owns its parsed form. */
public interface ScriptBlock {

    /** The source text between the braces. */
    String text();
}
