using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using VCloudPS.Core.Api;
using VCloudPS.Core.Transfer;

namespace VCloudPS.Core.Migration;

/// <summary>-StagingPath: export to a local package that is kept, then import it (for admins who want the copy
/// on disk as well). The same safety order as the streamed path: the source goes last.</summary>
internal sealed class StagedMove
{
    private readonly Action<string>? _log;
    public StagedMove(Action<string>? log) { _log = log; }

    public async Task<MoveResult> RunAsync(MoveOptions o, MovePlan plan, MoveContext c, IProgress<TransferSnapshot>? progress, CancellationToken ct)
    {
        if (c.SourceDeployed)
            throw new VCloudException(VCloudErrorKind.Conflict, "SourceDeployed",
                $"vApp '{plan.SourceName}' is deployed; -StagingPath exports it and vCD only exports undeployed vApps. Stop it first, or copy without -StagingPath (a running vApp is cloned and the clone streamed).");
        var export = await new ExportService(o.Source, _log).ExportAsync(o.SourceHref,
            new ExportOptions { Path = o.StagingPath!, Force = true, Transfer = o.Transfer }, progress, ct).ConfigureAwait(false);
        var (vapp, report) = await new ImportService(o.Destination, _log).ImportAsync(new ImportOptions
        {
            Path = export.Path, VdcHref = o.DestinationVdcHref, Name = plan.DestinationName,
            NetworkMapping = o.NetworkMapping, AllowDisconnectedNetworks = o.AllowDisconnectedNetworks,
            StorageProfile = o.StorageProfile, StorageProfileMapping = o.StorageProfileMapping, PowerOn = o.PowerOn, Transfer = o.Transfer,
        }, progress, ct).ConfigureAwait(false);
        var result = new MoveResult
        {
            Kind = o.Kind, Source = plan.SourceName, SourceHref = o.SourceHref, SourceServer = plan.SourceServer, Name = plan.DestinationName,
            Destination = plan.DestinationVdc, DestinationServer = plan.DestinationServer, DestinationHref = report.VAppHref, Method = MoveMethod.Staged,
            BytesMoved = export.TotalBytes + report.TotalBytes,
            Files = export.Files.Skip(1).Select(f => new RelayedFile(f.Name, f.Size, f.Sha256, f.Size, 0, report.UploadedDigests.TryGetValue(f.Name, out var d) && d == f.Sha256)).ToList(),
        };
        foreach (var f in result.Files) result.Digests[f.Name] = f.Sha256;
        foreach (var f in result.Files)
            if (report.UploadedDigests.TryGetValue(f.Name, out var up) && !string.Equals(up, f.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new VCloudException(VCloudErrorKind.Validation, "DigestMismatch", $"'{f.Name}' was uploaded with SHA-256 {up}, but exported with {f.Sha256}. The source is unchanged.");
        await DiskPolicies.RestoreAsync(o.Destination, report.VAppHref, c, o, _log, ct).ConfigureAwait(false);
        if (o.Kind == MoveKind.Move)
        {
            await VAppOperations.RemoveAsync(o.Source, o.SourceHref, undeployFirst: false, o.Transfer.TaskTimeout, null, CancellationToken.None).ConfigureAwait(false);
            result.SourceRemoved = true;
        }
        result.VApp = EntityMapper.ToVApp(vapp, o.Destination);
        return result;
    }
}
