using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VCloudPS.Core.Metadata;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets.Metadata;

/// <summary>Lists the metadata entries of vApps, with typed values.</summary>
[Cmdlet(VerbsCommon.Get, "VAppMetadata")]
[OutputType(typeof(VAppMetadataEntry))]
public sealed class GetVAppMetadataCommand : VCloudCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [EntityTransformation(typeof(VApp))]
    public VApp[] VApp { get; set; } = null!;

    /// <summary>Only these keys.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[]? Key { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var input in VApp)
        {
            var c = ResolveConnection(input.Connection);
            IReadOnlyList<VApp> found = Array.Empty<VApp>();
            if (!TryRun(input.Name, () => found = EntityResolver.VApps(c, input, requireUnique: false, CancellationToken))) continue;
            foreach (var v in found)
                TryRun(v, () =>
                {
                    foreach (var e in Run(ct => MetadataClient.GetAsync(c, v.Href, v.Name, ct)))
                        if (Key == null || Key.Contains(e.Key, StringComparer.Ordinal)) WriteObject(e);
                });
        }
    }
}

/// <summary>Adds or changes metadata entries of vApps (typed by the .NET value); a $null value removes the key.</summary>
[Cmdlet(VerbsCommon.Set, "VAppMetadata", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VAppMetadataEntry))]
public sealed class SetVAppMetadataCommand : VCloudCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [EntityTransformation(typeof(VApp))]
    public VApp[] VApp { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public Hashtable Metadata { get; set; } = null!;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Seconds to wait for each metadata task (default: the connection's -TaskTimeoutSec, else 600).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in Metadata)
            values[Convert.ToString(e.Key, System.Globalization.CultureInfo.InvariantCulture)!] = e.Value is PSObject p ? p.BaseObject : e.Value;
        var what = string.Join(", ", values.Select(kv => kv.Value == null ? $"remove '{kv.Key}'" : $"'{kv.Key}' = '{kv.Value}'"));
        foreach (var input in VApp)
        {
            var c = ResolveConnection(input.Connection);
            IReadOnlyList<VApp> found = Array.Empty<VApp>();
            if (!TryRun(input.Name, () => found = EntityResolver.VApps(c, input, requireUnique: false, CancellationToken))) continue;
            foreach (var v in found)
            {
                if (!ShouldProcess($"vApp '{Describe(v)}'", $"Set metadata: {what}")) continue;
                TryRun(v, () =>
                {
                    var timeout = TaskTimeoutFor(TimeoutSec, c);
                    Run(ct => MetadataClient.SetAsync(c, v.Href, values, timeout, ct));
                    if (PassThru) WriteObject(Run(ct => MetadataClient.GetAsync(c, v.Href, v.Name, ct)), true);
                });
            }
        }
    }
}
