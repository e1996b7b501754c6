using System.Net;
using VCloudPS.Core;
using VCloudPS.Core.Api;
using VCloudPS.Core.Migration;
using VCloudPS.Core.Transfer;
using VCloudPS.Simulator.Faults;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Tests.Soak;

/// <summary>
/// Seeded random operations (export, import, move, copy, power, remove) across two simulators while their fault
/// surfaces inject 5xx, 429s, dropped connections, stalls, slow answers, expired sessions and failing tasks; then the
/// invariants: every vApp is in exactly one place with bit-identical disks, nothing half-made is left, and every
/// failure was a typed error with an ErrorId. The store of each simulator is the ground truth.
/// </summary>
internal sealed class FaultSoak : IAsyncDisposable
{
    public const string SeedVariable = "VCLOUDPS_SOAK_SEED";
    public const string OperationsVariable = "VCLOUDPS_SOAK_OPERATIONS";
    public const int DefaultSeed = 20261206;

    private enum Presence { Required, Optional, Absent }

    /// <summary>What the run expects of one vApp name (names are unique across both clouds in the soak).</summary>
    private sealed class Expectation
    {
        public string Name = "";
        public HashSet<int> Clouds = new();
        public IReadOnlyList<string> Digests = Array.Empty<string>();
        public Presence Presence = Presence.Required;
        public bool Determinate => Presence == Presence.Required && Clouds.Count == 1;
        public int Cloud => Clouds.Single();
    }

    private sealed record Cloud(int Index, TestSimulator Host, VCloudConnection Connection, string Org, string[] Vdcs, Dictionary<string, string> VdcHrefs);
    private sealed record Package(string Path, int FromCloud, IReadOnlyList<string> Digests, IReadOnlyList<string> Networks);

    private readonly Random _random;
    private readonly Action<string> _log;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "vcloudps-soak-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<Cloud> _clouds = new();
    private readonly Dictionary<string, Expectation> _expected = new(StringComparer.Ordinal);
    private readonly List<Package> _packages = new();
    private int _retries;
    private int _nameCounter;
    private List<(Cloud Cloud, Fault Fault, int Armed)> _armed = new();

    public FaultSoak(int seed, Action<string> log) { Seed = seed; _random = new Random(seed); _log = log; }

    public int Seed { get; }
    public SortedDictionary<string, int> Operations { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> OperationFailures { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> FaultsInjected { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> FaultsTriggered { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, int> ErrorIds { get; } = new(StringComparer.Ordinal);
    public int Retries => _retries;
    public int TransferResumes { get; private set; }
    public int Resumes { get; private set; }
    public long RateLimited { get; private set; }
    public int InvariantChecks { get; private set; }
    public List<string> Violations { get; } = new();

    /// <summary>The seed from <see cref="SeedVariable"/>, else <see cref="DefaultSeed"/>.</summary>
    public static int SeedFromEnvironment()
        => int.TryParse(Environment.GetEnvironmentVariable(SeedVariable), out var s) ? s : DefaultSeed;

    public static int OperationsFromEnvironment(int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(OperationsVariable), out var n) && n > 0 ? n : fallback;

    public async Task StartAsync()
    {
        var retry = new RetryPolicy
        {
            BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(300),
            BusyBaseDelay = TimeSpan.FromMilliseconds(100), BusyMaxDelay = TimeSpan.FromSeconds(1),
            MaxRetryAfter = TimeSpan.FromSeconds(3), MaxElapsed = TimeSpan.FromSeconds(60),
        };
        var delay = retry.Delay;
        retry.Delay = (d, ct) => { Interlocked.Increment(ref _retries); return delay(d, ct); };

        var ent = await TestSimulator.StartAsync(_ => new SimulatorOptions { Seed = "enterprise", DataDir = Path.Combine(_root, "ent"), TaskDuration = TimeSpan.FromMilliseconds(100) });
        var prov = await TestSimulator.StartAsync(_ => new SimulatorOptions { Seed = "provider", DataDir = Path.Combine(_root, "prov"), TaskDuration = TimeSpan.FromMilliseconds(100) });
        _clouds.Add(await CloudAsync(0, ent, "admin", "ent", "Ent-Admin-2026!", retry));
        _clouds.Add(await CloudAsync(1, prov, "admin", "acme", "Acme-Admin-2026!", retry));
        Directory.CreateDirectory(Path.Combine(_root, "packages"));

        foreach (var cloud in _clouds)
            foreach (var (id, name) in VAppsOf(cloud))
                _expected[name] = new Expectation { Name = name, Clouds = { cloud.Index }, Digests = await cloud.Host.Sim.Transfers.DiskDigestsAsync(id) };
        _log($"Fault soak: seed {Seed} (replay with {SeedVariable}={Seed}); {_expected.Count} vApps tracked in orgs ent and acme.");
    }

    private static async Task<Cloud> CloudAsync(int index, TestSimulator host, string user, string org, string password, RetryPolicy retry)
    {
        var c = await VCloudConnection.ConnectAsync(new ConnectOptions
        {
            Server = host.BaseUri, User = user, Org = org, Password = new NetworkCredential("", password).SecurePassword,
            Timeout = TimeSpan.FromSeconds(3), InactivityTimeout = TimeSpan.FromSeconds(3), TaskTimeout = TimeSpan.FromSeconds(30), RetryPolicy = retry,
        }, CancellationToken.None);
        c.TaskPollInitialDelay = TimeSpan.FromMilliseconds(50);
        c.TaskPollMaxDelay = TimeSpan.FromMilliseconds(200);
        var sim = host.Sim;
        string[] vdcs;
        lock (sim.Store.Sync) vdcs = sim.Store.VdcsOf(sim.Store.OrgByName(org)!.Id).Select(v => v.Name).ToArray();
        var hrefs = vdcs.ToDictionary(v => v, v => InventoryClient.GetVdcs(c, v, CancellationToken.None).Single(x => x.Name == v).Href);
        return new Cloud(index, host, c, org, vdcs, hrefs);
    }

    private static List<(Guid Id, string Name)> VAppsOf(Cloud cloud)
    {
        var store = cloud.Host.Sim.Store;
        lock (store.Sync)
        {
            var org = store.OrgByName(cloud.Org)!.Id;
            return store.VApps.Values.Where(v => v.OrgId == org).Select(v => (v.Id, v.Name)).ToList();
        }
    }

    private static string VAppHref(Cloud cloud, string name)
    {
        var id = VAppsOf(cloud).Single(v => v.Name == name).Id;
        return new Uri(cloud.Host.BaseUri, $"/api/vApp/vapp-{id}").ToString();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private static readonly Dictionary<string, string> Counterparts = new(StringComparer.Ordinal)
    {
        ["ent-app-net"] = "acme-net", ["ent-dmz"] = "acme-dmz", ["acme-net"] = "ent-app-net", ["acme-dmz"] = "ent-dmz",
    };

    /// <summary>The network mapping a cross-cloud transfer of a vApp using <paramref name="networks"/> needs.</summary>
    private static Dictionary<string, string> Mapping(int from, int to, IEnumerable<string> networks)
        => from == to ? new Dictionary<string, string>()
            : networks.Distinct().Where(Counterparts.ContainsKey).ToDictionary(n => n, n => Counterparts[n]);

    private static IReadOnlyList<string> NetworksOf(Cloud cloud, string name)
    {
        var store = cloud.Host.Sim.Store;
        lock (store.Sync)
        {
            var vapp = store.VApps.Values.Single(v => v.Name == name);
            return store.VmsOf(vapp).SelectMany(vm => vm.Nics.Select(n => n.Network)).Where(n => !string.IsNullOrEmpty(n)).Distinct().ToList()!;
        }
    }

    private static TransferOptions Transfer() => new() { ChunkSize = 256 * 1024, BufferSize = 64 * 1024, PollInterval = TimeSpan.FromMilliseconds(100), TaskTimeout = TimeSpan.FromSeconds(30) };

    private string NewName(string kind) => $"soak-{kind}-{++_nameCounter}";

    public async Task RunAsync(int operations)
    {
        for (int i = 1; i <= operations; i++)
        {
            var (kind, describe, run) = Plan();
            Count(Operations, kind);
            var faults = _armed = InjectFaults();
            var started = System.Diagnostics.Stopwatch.StartNew();
            var work = run();
            var finished = await Task.WhenAny(work, Task.Delay(TimeSpan.FromSeconds(120)));
            string outcome;
            if (finished != work)
            {
                Violations.Add($"#{i} {kind} {describe}: no answer within 120 s (a hang)");
                outcome = "HANG";
                _ = work.ContinueWith(t => t.Exception, TaskScheduler.Default);
            }
            else if (work.Exception?.GetBaseException() is { } ex)
            {
                Count(OperationFailures, kind);
                outcome = Failure(i, kind, describe, ex);
            }
            else outcome = "ok";
            CountTriggered(_armed);
            ClearFaults();
            _log($"#{i,3} {kind,-6} {describe} [{string.Join(", ", faults.Select(f => $"{(f.Cloud.Index == 0 ? "ent" : "prov")}:{FaultName(f.Fault)} {f.Fault.PathPattern}"))}] → {outcome} ({started.ElapsedMilliseconds} ms)");
        }
    }

    private string Failure(int i, string kind, string describe, Exception ex)
    {
        if (ex is VCloudException v && !string.IsNullOrEmpty(v.ErrorId))
        {
            Count(ErrorIds, v.ErrorId);
            return $"{v.GetType().Name} {v.ErrorId}: {Shorten(v.Message)}";
        }
        Violations.Add($"#{i} {kind} {describe}: failed without a typed error: {ex.GetType().FullName}: {ex.Message}");
        return $"UNTYPED {ex.GetType().Name}: {Shorten(ex.Message)}";
    }

    private static string Shorten(string s) => s.Length > 160 ? s[..160] + "…" : s;

    private static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    // ---- operations ----

    private (string Kind, string Describe, Func<Task> Run) Plan()
    {
        var roll = _random.Next(100);
        var present = _expected.Values.Where(e => e.Determinate).OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var created = present.Where(e => e.Name.StartsWith("soak-", StringComparison.Ordinal)).ToList();
        if (roll < 15) return Export(Pick(present));
        if (roll < 30 && _packages.Count > 0) return Import(Pick(_packages));
        var movable = present.Where(Undeployed).ToList();
        var candidates = movable.Count > 0 && _random.Next(4) > 0 ? movable : present;
        if (roll < 55) return Move(Pick(candidates), MoveKind.Move);
        if (roll < 70) return Move(Pick(candidates), MoveKind.Copy);
        if (roll < 90 || created.Count == 0) return Power(Pick(present));
        return Remove(Pick(created));
    }

    private bool Undeployed(Expectation e)
    {
        var store = _clouds[e.Cloud].Host.Sim.Store;
        lock (store.Sync)
        {
            var vapp = store.VApps.Values.FirstOrDefault(v => v.Name == e.Name);
            return vapp != null && !store.VAppDeployed(vapp);
        }
    }

    private (string, string, Func<Task>) Export(Expectation e)
    {
        var cloud = _clouds[e.Cloud];
        var href = VAppHref(cloud, e.Name);
        var path = Path.Combine(_root, "packages", $"{e.Name}-{++_nameCounter}.ova");
        var stop = _random.Next(4) > 0;
        var networks = NetworksOf(cloud, e.Name);
        return ("export", $"{e.Name}@{cloud.Org}{(stop ? " -StopIfDeployed" : "")}", async () =>
        {
            var result = await new ExportService(cloud.Connection).ExportAsync(href, new ExportOptions { Path = path, Force = true, StopIfDeployed = stop, Transfer = Transfer() }, null, CancellationToken.None);
            TransferResumes += result.Resumes;
            _packages.Add(new Package(result.Path, cloud.Index, e.Digests, networks));
        });
    }

    private (string, string, Func<Task>) Import(Package package)
    {
        var to = _clouds[_random.Next(2)];
        var vdc = Pick(to.Vdcs);
        var name = NewName("import");
        var expectation = new Expectation { Name = name, Clouds = { to.Index }, Digests = package.Digests, Presence = Presence.Optional };
        _expected[name] = expectation;
        return ("import", $"{Path.GetFileName(package.Path)} → {name}@{to.Org}/{vdc}", async () =>
        {
            var (_, report) = await new ImportService(to.Connection).ImportAsync(new ImportOptions
            {
                Path = package.Path, VdcHref = to.VdcHrefs[vdc], Name = name, Transfer = Transfer(),
                NetworkMapping = Mapping(package.FromCloud, to.Index, package.Networks).ToDictionary(m => m.Key, m => (string?)m.Value),
            }, null, CancellationToken.None);
            TransferResumes += report.Resumes;
            expectation.Presence = Presence.Required;
        });
    }

    private (string, string, Func<Task>) Move(Expectation e, MoveKind kind)
    {
        var from = _clouds[e.Cloud];
        var to = _clouds[_random.Next(2)];
        var vdc = Pick(to.Vdcs);
        var href = VAppHref(from, e.Name);
        var copyName = kind == MoveKind.Copy ? NewName("copy") : null;
        Expectation? copy = null;
        if (copyName != null) _expected[copyName] = copy = new Expectation { Name = copyName, Clouds = { to.Index }, Digests = e.Digests, Presence = Presence.Optional };
        else e.Clouds.Add(to.Index);   // until it answers, the vApp may be on either side (never both)
        var options = new MoveOptions
        {
            Kind = kind, Source = from.Connection, SourceHref = href, Destination = to.Connection, DestinationVdcHref = to.VdcHrefs[vdc], Name = copyName,
            NetworkMapping = Mapping(from.Index, to.Index, NetworksOf(from, e.Name)).ToDictionary(m => m.Key, m => (string?)m.Value), JournalFolder = Path.Combine(_root, "journals"), Transfer = Transfer(),
        };
        return (kind == MoveKind.Move ? "move" : "copy", $"{e.Name}@{from.Org} → {copyName ?? e.Name}@{to.Org}/{vdc}", async () =>
        {
            MoveResult result;
            try { result = await new MoveService().RunAsync(options, null, CancellationToken.None); }
            catch (VCloudException ex) when (ex.Message.Contains("-Resume")) { result = await ResumeAsync(options, ex); }
            TransferResumes += result.FilesResumed;
            if (copy != null) copy.Presence = Presence.Required;
            else e.Clouds = new HashSet<int> { to.Index };
        });
    }

    /// <summary>A move that kept its partial copy for -Resume is resumed, as its message tells the user: twice more
    /// under fresh faults, then once without.</summary>
    private async Task<MoveResult> ResumeAsync(MoveOptions options, VCloudException first)
    {
        Count(ErrorIds, first.ErrorId + " (resumed)");
        options.Resume = true;
        for (int attempt = 1; ; attempt++)
        {
            Resumes++;
            CountTriggered(_armed);
            ClearFaults();
            _armed = attempt < 3 ? InjectFaults() : new List<(Cloud, Fault, int)>();
            try { return await new MoveService().RunAsync(options, null, CancellationToken.None); }
            catch (VCloudException ex) when (attempt < 3 && ex.Message.Contains("-Resume")) { Count(ErrorIds, ex.ErrorId + " (resumed)"); }
        }
    }

    private (string, string, Func<Task>) Power(Expectation e)
    {
        var cloud = _clouds[e.Cloud];
        var href = VAppHref(cloud, e.Name);
        var on = _random.Next(2) == 0;
        return ("power", $"{(on ? "on" : "off+undeploy")} {e.Name}@{cloud.Org}", async () =>
        {
            if (on) await VAppOperations.PowerAsync(cloud.Connection, href, VAppPowerAction.PowerOn, TimeSpan.FromSeconds(30), null, CancellationToken.None);
            else await VAppOperations.UndeployAsync(cloud.Connection, href, "powerOff", TimeSpan.FromSeconds(30), null, CancellationToken.None);
        });
    }

    private (string, string, Func<Task>) Remove(Expectation e)
    {
        var cloud = _clouds[e.Cloud];
        var href = VAppHref(cloud, e.Name);
        e.Presence = Presence.Optional;
        return ("remove", $"{e.Name}@{cloud.Org}", async () =>
        {
            await VAppOperations.RemoveAsync(cloud.Connection, href, undeployFirst: true, TimeSpan.FromSeconds(30), null, CancellationToken.None);
            e.Presence = Presence.Absent;
        });
    }

    // ---- faults ----

    private void CountTriggered(List<(Cloud Cloud, Fault Fault, int Armed)> faults)
    {
        foreach (var (cloud, fault, armed) in faults)
        {
            var left = cloud.Host.Sim.Faults.List().FirstOrDefault(f => f.Id == fault.Id)?.Count ?? 0;
            if (armed - left > 0) FaultsTriggered[FaultName(fault)] = FaultsTriggered.GetValueOrDefault(FaultName(fault)) + armed - left;
        }
    }

    private List<(Cloud Cloud, Fault Fault, int Armed)> InjectFaults()
    {
        var added = new List<(Cloud, Fault, int)>();
        int n = _random.Next(4);
        for (int k = 0; k < n; k++)
        {
            var cloud = _clouds[_random.Next(2)];
            var fault = RandomFault();
            var armed = fault.Count;
            cloud.Host.Sim.Faults.Add(fault);
            added.Add((cloud, fault, armed));
            Count(FaultsInjected, FaultName(fault));
        }
        return added;
    }

    private static readonly string[] AnyPaths = { "/api/*", "/api/query*", "/api/vApp/*", "/api/task/*", "/api/vdc/*", "/transfer/*", "*" };
    private static readonly string[] TaskPaths = { "/api/vdc/*/action/*", "/api/vApp/*/action/*", "/api/vApp/*/power/action/*", "/api/vApp/*" };

    private Fault RandomFault()
    {
        var path = Pick(AnyPaths);
        var count = 1 + _random.Next(2);
        return _random.Next(8) switch
        {
            0 => new Fault { Kind = FaultKinds.Status, Status = Pick(new[] { 500, 502, 503, 504 }), PathPattern = path, Count = count },
            1 => new Fault { Kind = FaultKinds.Status, Status = 429, PathPattern = path, Count = count },
            2 => new Fault { Kind = FaultKinds.Drop, PathPattern = "/transfer/*", AfterBytes = 1_000 + _random.Next(400_000), Count = count },
            3 => new Fault { Kind = FaultKinds.Drop, PathPattern = path, Method = "GET", Count = count },
            4 => new Fault { Kind = FaultKinds.Slow, DelayMs = 4_000 + _random.Next(2_000), PathPattern = path, Count = 1 },   // a stall beyond the 3 s timeout
            5 => new Fault { Kind = FaultKinds.Slow, DelayMs = 100 + _random.Next(900), PathPattern = path, Count = count },
            6 => new Fault { Kind = FaultKinds.ExpireSession, PathPattern = path, Count = 1 },
            _ => new Fault { Kind = FaultKinds.TaskFail, PathPattern = Pick(TaskPaths), Method = _random.Next(2) == 0 ? "POST" : null, Message = "Injected by the fault soak", Count = 1 },
        };
    }

    private static string FaultName(Fault f) => f.Kind switch
    {
        FaultKinds.Status => f.Status == 429 ? "429" : "5xx",
        FaultKinds.Drop => f.AfterBytes != null ? "drop-mid-body" : "drop",
        FaultKinds.Slow => f.DelayMs >= 3_000 ? "stall" : "slow",
        _ => f.Kind,
    };

    /// <summary>Clears the per-operation faults and re-arms the standing per-session rate limit on both clouds.</summary>
    private void ClearFaults()
    {
        foreach (var cloud in _clouds)
        {
            var faults = cloud.Host.Sim.Faults;
            RateLimited += faults.List().Where(f => f.Kind == FaultKinds.RateLimit).Sum(f => f.Refused);
            faults.Clear();
            faults.Add(new Fault { Kind = FaultKinds.RateLimit, PathPattern = "/api/*", Limit = 8, WindowMs = 1000 });
        }
    }

    public void ArmRateLimits() => ClearFaults();

    // ---- invariants ----

    public async Task CheckInvariantsAsync()
    {
        foreach (var cloud in _clouds) cloud.Host.Sim.Faults.Clear();
        await WaitForServerTasksAsync();
        var found = new Dictionary<string, List<(Cloud Cloud, Guid Id)>>(StringComparer.Ordinal);
        foreach (var cloud in _clouds)
            foreach (var (id, name) in VAppsOf(cloud))
                (found.TryGetValue(name, out var l) ? l : found[name] = new()).Add((cloud, id));

        foreach (var e in _expected.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var places = found.TryGetValue(e.Name, out var l) ? l : new();
            InvariantChecks++;
            var allowed = e.Presence switch { Presence.Required => places.Count == 1, Presence.Optional => places.Count <= 1, _ => places.Count == 0 };
            if (!allowed) { Violations.Add($"{e.Name}: expected {e.Presence} in {Where(e.Clouds)}, found {places.Count} ({string.Join(", ", places.Select(p => p.Cloud.Org))})"); continue; }
            if (places.Count == 0) continue;
            var (cloud, id) = places[0];
            InvariantChecks++;
            if (!e.Clouds.Contains(cloud.Index)) Violations.Add($"{e.Name}: found in {cloud.Org}, expected in {Where(e.Clouds)}");
            InvariantChecks++;
            var digests = await cloud.Host.Sim.Transfers.DiskDigestsAsync(id);
            if (!digests.SequenceEqual(e.Digests)) Violations.Add($"{e.Name}@{cloud.Org}: disks differ: expected [{string.Join(",", e.Digests.Select(d => d[..12]))}], found [{string.Join(",", digests.Select(d => d[..12]))}]");
        }
        foreach (var name in found.Keys.Where(n => !_expected.ContainsKey(n)))
        {
            InvariantChecks++;
            Violations.Add($"{name}: a vApp nobody expects ({string.Join(", ", found[name].Select(p => p.Cloud.Org))})");
        }
        foreach (var cloud in _clouds)
        {
            var sim = cloud.Host.Sim;
            lock (sim.Store.Sync)
            {
                foreach (var v in sim.Store.VApps.Values)
                {
                    InvariantChecks++;
                    var status = sim.Store.VAppStatusOf(v);
                    if (status is VAppStatus.UNRESOLVED or VAppStatus.FAILED_CREATION) Violations.Add($"{v.Name}@{cloud.Org}: half-made vApp (status {status})");
                }
                foreach (var t in sim.Store.Templates.Values)
                {
                    InvariantChecks++;
                    if (t.Name.StartsWith("soak-", StringComparison.Ordinal)) Violations.Add($"template {t.Name}@{cloud.Org} left behind");
                }
            }
            InvariantChecks++;
            var uploads = sim.Transfers.OpenUploadSessions();
            if (uploads != 0) Violations.Add($"{cloud.Org}: {uploads} upload session(s) left open");
        }
    }

    private async Task WaitForServerTasksAsync()
    {
        for (int i = 0; i < 200; i++)
        {
            var running = _clouds.Sum(c => { lock (c.Host.Sim.Store.Sync) return c.Host.Sim.Store.Tasks.Values.Count(t => t.Status is "queued" or "running"); });
            if (running == 0) return;
            await Task.Delay(100);
        }
        Violations.Add("server tasks still running 20 s after the last operation");
    }

    private string Where(IEnumerable<int> clouds) => string.Join(" or ", clouds.Select(i => _clouds[i].Org));

    public string Summary() => string.Join(Environment.NewLine, new[]
    {
        $"seed {Seed}: operations {Format(Operations)}; failed {Format(OperationFailures)}",
        $"faults injected {Format(FaultsInjected)}; triggered {Format(FaultsTriggered)}; rate-limited (429 with Retry-After) {RateLimited}",
        $"pipeline retries {Retries}; transfer resumes {TransferResumes}; moves resumed with -Resume {Resumes}; error ids {Format(ErrorIds)}",
        $"invariant checks {InvariantChecks}; violations {Violations.Count}",
    });

    private static string Format(SortedDictionary<string, int> d) => d.Count == 0 ? "none" : string.Join(", ", d.Select(kv => $"{kv.Key} {kv.Value}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var cloud in _clouds) { cloud.Connection.Dispose(); await cloud.Host.DisposeAsync(); }
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }
}
