package io.ssloffload.simulator.powershell;

import java.util.List;

/**
 * .NET's System.Diagnostics.FileVersionInfo as PowerShell shows it: the version resource of an
 * executable. The numeric parts (FileMajorPart ...) and the version strings are separate fields of
 * the resource, so a vendor's zero-padded string ("15.02.0986.005") stays as written.
 */
public final class FileVersionInfo {

    public static final String TYPE = "System.Diagnostics.FileVersionInfo";

    private FileVersionInfo() {
    }

    /**
     * @param parts major, minor, build, private part of both the file and the product version
     * @param versionText FileVersion and ProductVersion as the resource spells them
     */
    public static PsObject of(String fileName, int[] parts, String versionText, String productName, String description) {
        String name = fileName.substring(fileName.lastIndexOf('\\') + 1);
        return new PsObject(List.of(TYPE, "System.Object"), "File:             " + fileName)
                .with("CompanyName", "Microsoft Corporation")
                .with("FileBuildPart", parts[2])
                .with("FileDescription", description)
                .with("FileMajorPart", parts[0])
                .with("FileMinorPart", parts[1])
                .with("FileName", fileName)
                .with("FilePrivatePart", parts[3])
                .with("FileVersion", versionText)
                .with("InternalName", name)
                .with("OriginalFilename", name)
                .with("ProductBuildPart", parts[2])
                .with("ProductMajorPart", parts[0])
                .with("ProductMinorPart", parts[1])
                .with("ProductName", productName)
                .with("ProductPrivatePart", parts[3])
                .with("ProductVersion", versionText);
    }
}
