@{
    Synopsis    = 'Checks an OVF or OVA package offline: descriptor, referenced files, sizes and manifest digests.'
    Description = @'
Test-VAppPackage opens a package the way Import-VApp does before it sends a byte, and reports the verdict instead of failing: the descriptor must be well-formed (no DTD or external entity), every file it references must be present with its declared size and must not escape the package folder, and every manifest line (SHA-256, SHA-512 or the legacy SHA-1 older tools wrote) must match the bytes. An OVA is read in place, never unpacked.

Use it to check a package after a copy, before an import, or on a schedule against an archive of exports. A problem with the package sets IsValid to $false and names it in ErrorId and Problem; a missing path is an error.
'@
    Parameters  = @{
        Path  = 'The .ovf descriptor (with its files beside it) or the .ova archive. Accepts pipeline input: the output of Export-VApp, or files from Get-ChildItem.'
        Quiet = 'Return only $true or $false.'
    }
    Examples    = @(
        @{
            Title   = 'Verify an exported OVA'
            Code    = "Test-VAppPackage -Path ./reporting.ova | Format-List"
            Remarks = 'Shows the format, the number of files and bytes, every verified digest and, if something is wrong, which check failed.'
        }
        @{
            Title   = 'Export and verify in one pipeline'
            Code    = "Get-VApp -Name shop | Export-VApp -Path ./shop.ova -Stop -Force | Test-VAppPackage"
            Remarks = 'Re-reads the archive written by Export-VApp and compares every entry with its manifest line.'
        }
        @{
            Title   = 'Check every package of an archive folder'
            Code    = "Get-ChildItem . -Filter *.ova | Test-VAppPackage | Where-Object { -not `$_.IsValid } | Format-Table Path, ErrorId, Problem"
            Remarks = 'Lists the packages that are damaged and why.'
        }
    )
    Inputs      = @(@{ Type = 'System.String'; Description = 'A package path, by value or by the property name Path or FullName.' })
    Outputs     = @(
        @{ Type = 'VCloudPS.Core.Ovf.PackageTestResult'; Description = 'The verdict with the verified digests.' }
        @{ Type = 'System.Boolean'; Description = 'With -Quiet.' }
    )
    Links       = @('Export-VApp', 'Import-VApp')
}
