using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;
using VCloudPS.Core;

namespace VCloudPS.Cmdlets;

/// <summary>Starts and stops simulator processes (dotnet VCloudPS.Simulator.dll ...).</summary>
internal static class SimulatorProcess
{
    private const string ReadyPrefix = "SIMULATOR LISTENING ";

    public static string FindDll(string? moduleBase)
    {
        var env = Environment.GetEnvironmentVariable("VCLOUDPS_SIMULATOR_DLL");
        if (!string.IsNullOrEmpty(env) && File.Exists(env)) return env!;
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(moduleBase)) candidates.Add(Path.Combine(moduleBase!, "simulator", "VCloudPS.Simulator.dll"));
        // Imported straight from bin/ (tests, development): look upwards for a simulator folder.
        var dir = Path.GetDirectoryName(typeof(SimulatorProcess).Assembly.Location);
        for (int i = 0; dir != null && i < 4; i++, dir = Path.GetDirectoryName(dir))
        {
            candidates.Add(Path.Combine(dir, "simulator", "VCloudPS.Simulator.dll"));
            candidates.Add(Path.Combine(dir, "VCloudPS.Simulator.dll"));
        }
        var hit = candidates.FirstOrDefault(File.Exists);
        if (hit == null)
            throw new VCloudException(VCloudErrorKind.InvalidArgument, "SimulatorNotFound",
                $"The simulator is not installed with this module (looked for {candidates.FirstOrDefault()}). Build the module with ./build.ps1 -Task Build.");
        return hit;
    }

    public static string DotnetHost()
    {
        try
        {
            var main = Process.GetCurrentProcess().MainModule?.FileName;
            if (main != null && Path.GetFileNameWithoutExtension(main).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return main;
        }
        catch (Exception) { /* fall through */ }
        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath)) return hostPath!;
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root))
        {
            var p = Path.Combine(root!, Environment.OSVersion.Platform == PlatformID.Win32NT ? "dotnet.exe" : "dotnet");
            if (File.Exists(p)) return p;
        }
        return "dotnet";
    }

    /// <summary>
    /// setsid(1) on Unix (it runs the command in a new session in place, so the process id stays the one started);
    /// null on Windows, where a process without a console window does not receive the console's Ctrl+C.
    /// </summary>
    private static string? OwnSessionLauncher()
    {
        if (Environment.OSVersion.Platform == PlatformID.Win32NT) return null;
        foreach (var candidate in new[] { "/usr/bin/setsid", "/bin/setsid", "/usr/local/bin/setsid", "/opt/homebrew/bin/setsid" })
            if (File.Exists(candidate)) return candidate;
        return null;
    }

    public static async Task<SimulatorInstance> StartAsync(string dll, string seed, int port, int generateVApps, DateTime? now, string? dataDir, TimeSpan startTimeout, CancellationToken ct)
    {
        // Its own session and process group (setsid, where there is one): Ctrl+C in the terminal signals the
        // foreground process group, which must not include the simulator. It stops with Stop-VCloudSimulator,
        // or by itself when its standard input (held by this process) closes because the shell has exited.
        string? setsid = OwnSessionLauncher();
        var psi = new ProcessStartInfo(setsid ?? DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            CreateNoWindow = true,
            WorkingDirectory = Path.GetDirectoryName(dll),
        };
        var args = new List<string> { dll, "--seed", seed, "--urls", $"http://127.0.0.1:{port}", "--exit-with-stdin" };
        if (setsid != null) args.Insert(0, DotnetHost());
        if (generateVApps > 0) { args.Add("--generate-vapps"); args.Add(generateVApps.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
        if (now.HasValue) { args.Add("--now"); args.Add(now.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)); }
        // The process is stopped by killing it, so it cannot clean up a temporary data folder of its own:
        // give it one this module owns and deletes in Stop.
        string? ownedDataDir = null;
        if (string.IsNullOrEmpty(dataDir))
        {
            ownedDataDir = Path.Combine(Path.GetTempPath(), "vcloudps-sim-" + Guid.NewGuid().ToString("N").Substring(0, 12));
            Directory.CreateDirectory(ownedDataDir);
            dataDir = ownedDataDir;
        }
        args.Add("--data-dir"); args.Add(dataDir!);
        psi.Arguments = string.Join(" ", args.Select(Quote));

        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new VCloudException(VCloudErrorKind.Connection, "SimulatorStartFailed", "Could not start the simulator process.");
        }
        catch
        {
            DeleteOwnedDataDirectory(ownedDataDir);
            throw;
        }
        var instance = new SimulatorInstance { Process = process, ProcessId = process.Id, Seed = seed, StartedAt = DateTime.Now, OwnedDataDirectory = ownedDataDir };
        try
        {
            var ready = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Task.Run(() => Drain(process.StandardOutput, instance, ready), CancellationToken.None);
            _ = Task.Run(() => Drain(process.StandardError, instance, null), CancellationToken.None);
            _ = process.WaitForExitAsyncCompat().ContinueWith(_ => ready.TrySetException(new VCloudException(VCloudErrorKind.Connection, "SimulatorStartFailed",
                $"The simulator exited with code {SafeExitCode(process)} before it was ready. Last output:{Environment.NewLine}{Tail(instance)}")), TaskScheduler.Default);

            var done = await Task.WhenAny(ready.Task, Task.Delay(startTimeout, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            if (done != ready.Task)
                throw new VCloudException(VCloudErrorKind.Timeout, "SimulatorStartTimedOut",
                    $"The simulator did not report '{ReadyPrefix.Trim()}' within {startTimeout.TotalSeconds:0} s. Last output:{Environment.NewLine}{Tail(instance)}");
            instance.Url = await ready.Task.ConfigureAwait(false);
            await LoadUsersAsync(instance, ct).ConfigureAwait(false);
            return instance;
        }
        catch
        {
            Stop(instance);
            throw;
        }
    }

    private static async Task Drain(StreamReader reader, SimulatorInstance instance, TaskCompletionSource<Uri>? ready)
    {
        try
        {
            string? line;
            while ((line = await reader.ReadLineAsync().ConfigureAwait(false)) != null)
            {
                lock (instance.OutputTail)
                {
                    instance.OutputTail.Enqueue(line);
                    while (instance.OutputTail.Count > 40) instance.OutputTail.Dequeue();
                }
                if (ready != null && line.StartsWith(ReadyPrefix, StringComparison.Ordinal)
                    && Uri.TryCreate(line.Substring(ReadyPrefix.Length).Trim(), UriKind.Absolute, out var url))
                    ready.TrySetResult(url);
            }
        }
        catch (Exception) { /* process gone */ }
    }

    private static async Task LoadUsersAsync(SimulatorInstance instance, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var json = await http.GetStringAsync(new Uri(instance.Url, "/sim/users")).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        var users = new List<SimulatorUser>();
        foreach (var u in JArray.Parse(json).OfType<JObject>())
        {
            users.Add(new SimulatorUser
            {
                Org = (string?)u["org"] ?? "",
                Name = (string?)u["name"] ?? "",
                Role = (string?)u["role"] ?? "",
                IsSystem = (bool?)u["isSystem"] ?? string.Equals((string?)u["org"], "System", StringComparison.OrdinalIgnoreCase),
                Password = Secure((string?)u["password"]),
                ApiToken = Secure((string?)u["apiToken"]),
            });
        }
        instance.Users = users.ToArray();
        bool IsOrgAdmin(SimulatorUser u) => u.Role.IndexOf("Administrator", StringComparison.OrdinalIgnoreCase) >= 0 || u.Role.IndexOf("Admin", StringComparison.OrdinalIgnoreCase) >= 0;
        var tenantAdmin = users.FirstOrDefault(u => !u.IsSystem && IsOrgAdmin(u) && u.Password != null) ?? users.FirstOrDefault(u => !u.IsSystem && u.Password != null);
        var providerAdmin = users.FirstOrDefault(u => u.IsSystem && u.Password != null);
        instance.Credential = tenantAdmin?.Credential ?? providerAdmin?.Credential;
        instance.ProviderCredential = providerAdmin?.Credential;
    }

    private static SecureString? Secure(string? s)
    {
        if (s == null) return null;
        var ss = new SecureString();
        foreach (char ch in s) ss.AppendChar(ch);
        ss.MakeReadOnly();
        return ss;
    }

    public static void Stop(SimulatorInstance instance)
    {
        var p = instance.Process;
        if (p == null) return;
        try
        {
            if (!p.HasExited)
            {
                // Kill(entireProcessTree: true) exists on .NET Core 3+; netstandard2.0 only sees Kill().
                var killTree = typeof(Process).GetMethod("Kill", BindingFlags.Public | BindingFlags.Instance, null, new[] { typeof(bool) }, null);
                if (killTree != null) killTree.Invoke(p, new object[] { true });
                else p.Kill();
                p.WaitForExit(10000);
            }
        }
        catch (Exception) { /* already gone */ }
        finally
        {
            p.Dispose();
            instance.Process = null;
            DeleteOwnedDataDirectory(instance.OwnedDataDirectory);
            instance.OwnedDataDirectory = null;
        }
    }

    private static void DeleteOwnedDataDirectory(string? path)
    {
        if (string.IsNullOrEmpty(path)) return;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                return;
            }
            catch (IOException) { System.Threading.Thread.Sleep(200); }
            catch (UnauthorizedAccessException) { System.Threading.Thread.Sleep(200); }
        }
    }

    private static string Tail(SimulatorInstance i)
    {
        lock (i.OutputTail) return string.Join(Environment.NewLine, i.OutputTail);
    }

    private static string SafeExitCode(Process p)
    {
        try { return p.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture); }
        catch (Exception) { return "?"; }
    }

    private static readonly char[] CharsThatNeedQuotes = new[] { ' ', '"', '\t' };

    private static string Quote(string a) => a.IndexOfAny(CharsThatNeedQuotes) < 0 ? a : "\"" + a.Replace("\"", "\\\"") + "\"";

    private static Task WaitForExitAsyncCompat(this Process p)
    {
        var tcs = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        p.EnableRaisingEvents = true;
        p.Exited += (_, _) => tcs.TrySetResult(true);
        if (p.HasExited) tcs.TrySetResult(true);
        return tcs.Task;
    }
}
