using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Xml.Linq;
using Newtonsoft.Json.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.History
{
    /// <summary>
    /// Reads history through the vCD API, org-wide and without per-vApp requests:
    /// <list type="number">
    /// <item>one request for the oldest retained audit event (sortAsc=timestamp, pageSize=1) and the cloud's clock
    /// (HTTP Date header) — the history is complete from that event on;</item>
    /// <item>the current VMs (one paged vm/adminVM query) and VDCs (one orgVdc/adminOrgVdc query);</item>
    /// <item>every audit event from the window start to now, paged once (events after the window tell whether the
    /// current state may be projected back: no change since the window start means the current value held);</item>
    /// <item>only if some VM's state at the window start is still open (it changed inside the window, or the SLA needs
    /// the cause of a down state): a look-back before the window start in doubling chunks (1, 2, 4... days), stopping as
    /// soon as every such VM has its last event before the start, or retention is reached (then Unknown, as specified).</item>
    /// </list>
    /// </summary>
    public sealed class CloudApiHistorySource : IHistorySource
    {
        public const string AuditTrailPath = "/cloudapi/1.0.0/auditTrail";
        private readonly VCloudConnection _connection;

        public CloudApiHistorySource(VCloudConnection connection) { _connection = connection; }

        /// <summary>First look-back chunk; each further chunk doubles.</summary>
        public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(1);
        public int PageSize { get; set; } = VCloudConnection.MaxPageSize;
        /// <summary>Requests made by the last <see cref="Load"/> (for benchmarks).</summary>
        public long Requests { get; private set; }

        public static string FormatTime(DateTime t) => UtcTime.Normalize(t).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private (DateTime? Oldest, DateTime? ServerNow)? _probe;

        /// <summary>The cloud's clock (HTTP Date header of the audit-trail probe), or this machine's when absent.</summary>
        public DateTime Now(CancellationToken ct)
        {
            _probe ??= ReadOldestAndClock(ct);
            return _probe.Value.ServerNow ?? DateTime.UtcNow;
        }

        public HistorySnapshot Load(HistoryRequest request, IProgress<HistoryProgress>? progress, CancellationToken ct)
        {
            Requests = _probe == null ? 0 : 1;
            _probe ??= ReadOldestAndClock(ct);
            var (oldest, serverNow) = _probe.Value;
            _probe = null; // a later Load probes again
            var asOf = serverNow ?? DateTime.UtcNow;
            var start = request.Window.Start;

            var vdcs = ReadVdcs(ct);
            var vdcByHref = vdcs.ToDictionary(v => v.Href, v => v.Info, StringComparer.OrdinalIgnoreCase);
            var (vms, vapps) = ReadVms(vdcByHref, ct);
            progress?.Report(new HistoryProgress("inventory", 0, Requests));

            var forward = new List<AuditEvent>();
            if (oldest != null)
                foreach (var e in Page("timestamp=ge=" + FormatTime(start), ct))
                {
                    forward.Add(e);
                    if (forward.Count % (PageSize * 8) == 0) progress?.Report(new HistoryProgress("window", forward.Count, Requests));
                }
            progress?.Report(new HistoryProgress("window", forward.Count, Requests));

            DateTime? completeFrom = oldest == null ? (DateTime?)null : oldest.Value > start ? oldest.Value : start;
            var lookback = new List<List<AuditEvent>>();
            if (oldest != null && oldest.Value < start)
            {
                var open = OpenAtStart(request, forward, vms, start);
                var chunk = InitialLookback;
                var chunkEnd = start;
                while (open.Count > 0 && chunkEnd > oldest.Value)
                {
                    ct.ThrowIfCancellationRequested();
                    var chunkStart = chunkEnd - chunk > oldest.Value ? chunkEnd - chunk : oldest.Value;
                    var events = Page("timestamp=ge=" + FormatTime(chunkStart) + ";timestamp=lt=" + FormatTime(chunkEnd), ct).ToList();
                    lookback.Insert(0, events);
                    foreach (var e in events) Satisfy(open, e);
                    completeFrom = chunkStart;
                    chunkEnd = chunkStart;
                    chunk = TimeSpan.FromTicks(chunk.Ticks * 2);
                    progress?.Report(new HistoryProgress("look-back to " + UtcTime.Format(chunkStart), forward.Count + lookback.Sum(l => l.Count), Requests));
                }
            }
            var all = new List<AuditEvent>(lookback.Sum(l => l.Count) + forward.Count);
            foreach (var l in lookback) all.AddRange(l);
            all.AddRange(forward);
            return new HistorySnapshot(all, vms, vapps, vdcs.Select(v => v.Info).ToList(), asOf, completeFrom);
        }

        private sealed class Need { public bool Power; public bool Config; }

        /// <summary>VMs whose state at the window start the window's events do not settle.</summary>
        private static Dictionary<string, Need> OpenAtStart(HistoryRequest request, List<AuditEvent> forward, List<CurrentVmState> current, DateTime start)
        {
            var open = new Dictionary<string, Need>(StringComparer.OrdinalIgnoreCase);
            var created = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var powerChanged = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var vappOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var vm in current) vappOf[vm.VmId] = vm.VAppId;
            foreach (var e in forward)
            {
                var t = e.ShortType;
                if (!t.StartsWith("vm/", StringComparison.Ordinal)) continue;
                var vappId = e.Property("vm.vappId");
                if (vappId != null) vappOf[e.EntityId] = vappId;
                if (t == AuditEventTypes.VmCreate) { created.Add(e.EntityId); continue; }
                if (created.Contains(e.EntityId)) continue;
                var need = open.TryGetValue(e.EntityId, out var n) ? n : null;
                if (t == AuditEventTypes.VmChangeState && e.Success) { powerChanged.Add(e.EntityId); (need ??= open[e.EntityId] = new Need()).Power = true; }
                else if (t == AuditEventTypes.VmModify && e.Property("vm.numCpu") != null) (need ??= open[e.EntityId] = new Need()).Config = true;
                else if (t == AuditEventTypes.VmDelete && need == null) open[e.EntityId] = new Need { Power = true, Config = true };
            }
            if (request.NeedDownCause)
                foreach (var vm in current)
                    if (vm.Power != PowerState.On && !created.Contains(vm.VmId) && !powerChanged.Contains(vm.VmId))
                        (open.TryGetValue(vm.VmId, out var n) ? n : open[vm.VmId] = new Need()).Power = true;
            if (request.VAppInScope != null)
                foreach (var id in open.Keys.ToList())
                    if (!vappOf.TryGetValue(id, out var vapp) || !request.VAppInScope(vapp)) open.Remove(id);
            return open;
        }

        private static void Satisfy(Dictionary<string, Need> open, AuditEvent e)
        {
            if (!open.TryGetValue(e.EntityId, out var need)) return;
            switch (e.ShortType)
            {
                case AuditEventTypes.VmCreate: need.Power = false; need.Config = false; break;
                case AuditEventTypes.VmChangeState: if (e.Success) need.Power = false; break;
                case AuditEventTypes.VmModify: if (e.Property("vm.numCpu") != null) need.Config = false; break;
            }
            if (!need.Power && !need.Config) open.Remove(e.EntityId);
        }

        private IEnumerable<AuditEvent> Page(string filter, CancellationToken ct)
        {
            int n = 0;
            foreach (var o in _connection.GetCloudApiPaged(AuditTrailPath, filter, ct, sortAsc: "timestamp", pageSize: PageSize))
            {
                if (n++ % PageSize == 0) Requests++;
                yield return AuditEventJson.Parse(o);
            }
            if (n == 0) Requests++;
        }

        /// <summary>The oldest retained event (one small request) and the cloud's clock from the Date header.</summary>
        private (DateTime? Oldest, DateTime? ServerNow) ReadOldestAndClock(CancellationToken ct)
        {
            Requests++;
            var path = AuditTrailPath + "?page=1&pageSize=1&sortAsc=timestamp";
            using (var response = _connection.SendAsync(() =>
                   {
                       var m = new HttpRequestMessage(HttpMethod.Get, path);
                       m.Headers.TryAddWithoutValidation("Accept", _connection.JsonAccept);
                       return m;
                   }, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false).GetAwaiter().GetResult())
            {
                if (!response.IsSuccessStatusCode)
                    throw new VCloudException(response.StatusCode == System.Net.HttpStatusCode.Forbidden ? VCloudErrorKind.PermissionDenied : VCloudErrorKind.Protocol,
                        "AuditTrailUnavailable", "GET " + AuditTrailPath + " answered " + (int)response.StatusCode + "; charge-back and SLA need the audit trail.");
                var body = response.Content.ReadAsStringAsync().ConfigureAwait(false).GetAwaiter().GetResult();
                var page = JObject.Parse(body);
                var first = (page["values"] as JArray)?.OfType<JObject>().FirstOrDefault();
                DateTime? oldest = first != null ? AuditEventJson.Parse(first).Timestamp : (DateTime?)null;
                DateTime? now = response.Headers.Date?.UtcDateTime;
                return (oldest, now.HasValue ? DateTime.SpecifyKind(now.Value, DateTimeKind.Utc) : (DateTime?)null);
            }
        }

        private sealed class VdcRow { public string Href = ""; public VdcInfo Info = null!; }

        private List<VdcRow> ReadVdcs(CancellationToken ct)
        {
            var list = new List<VdcRow>();
            var type = _connection.IsProvider ? "adminOrgVdc" : "orgVdc";
            int n = 0;
            foreach (var r in _connection.QueryRecords(type, null, ct))
            {
                if (n++ % VCloudConnection.MaxPageSize == 0) Requests++;
                var v = EntityMapper.ToVdc(r, _connection);
                list.Add(new VdcRow { Href = v.Href, Info = new VdcInfo(v.Id, v.Name, v.OrgName ?? (_connection.IsProvider ? null : _connection.Org), v.AllocationModel) });
            }
            return list;
        }

        private (List<CurrentVmState>, List<VAppInfo>) ReadVms(Dictionary<string, VdcInfo> vdcByHref, CancellationToken ct)
        {
            var vms = new List<CurrentVmState>();
            var vapps = new Dictionary<string, VAppInfo>(StringComparer.OrdinalIgnoreCase);
            var type = _connection.IsProvider ? "adminVM" : "vm";
            int n = 0;
            foreach (var r in _connection.QueryRecords(type, "isVAppTemplate==false", ct))
            {
                if (n++ % VCloudConnection.MaxPageSize == 0) Requests++;
                var vm = EntityMapper.ToVmFromRecord(r, _connection);
                if (vm.VAppId == null) continue;
                PowerState power;
                switch (vm.Status)
                {
                    case "POWERED_ON": power = PowerState.On; break;
                    case "POWERED_OFF": power = PowerState.Off; break;
                    case "SUSPENDED": power = PowerState.Suspended; break;
                    default: power = PowerState.Unknown; break;
                }
                // The VM record has no per-disk storage policies: the total is put on the VM's storage policy.
                var disks = vm.StorageMB.HasValue
                    ? new[] { new DiskAllocation(vm.StorageProfile ?? "", vm.StorageMB.Value) }
                    : new DiskAllocation[0];
                var config = vm.CpuCount.HasValue && vm.MemoryMB.HasValue ? new VmConfiguration(vm.CpuCount.Value, vm.MemoryMB.Value, disks) : null;
                vms.Add(new CurrentVmState(vm.Id, vm.Name, vm.VAppId, power, config));
                if (!vapps.ContainsKey(vm.VAppId))
                {
                    var vdcHref = r.Attribute("vdc")?.Value;
                    VdcInfo? vdc = vdcHref != null && vdcByHref.TryGetValue(vdcHref, out var v) ? v : null;
                    vapps[vm.VAppId] = new VAppInfo(vm.VAppId, vm.VAppName ?? vm.VAppId, vdc?.OrgName ?? (_connection.IsProvider ? null : _connection.Org),
                        vdc?.Id, vdc?.Name ?? vm.VdcName);
                }
            }
            return (vms, vapps.Values.ToList());
        }
    }
}
