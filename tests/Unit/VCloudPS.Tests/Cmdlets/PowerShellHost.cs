using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace VCloudPS.Tests.Cmdlets;

/// <summary>A runspace with the compiled VCloudPS module imported, for in-process cmdlet tests.</summary>
public sealed class PowerShellHost : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellHost()
    {
        var iss = InitialSessionState.CreateDefault();
        iss.ImportPSModule(new[] { typeof(VCloudPS.Cmdlets.GetVAppCommand).Assembly.Location });
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
    }

    public sealed record Result(Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors, IReadOnlyList<string> Verbose, Exception? Terminating, IReadOnlyList<ProgressRecord> Progress)
    {
        public IEnumerable<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>();
        public string AllText => string.Join("\n", Output.Select(o => o.ToString()).Concat(Errors.Select(e => e + " " + e.Exception)).Concat(Verbose)) + Terminating;
    }

    public Result Invoke(string script, IDictionary<string, object?>? variables = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        foreach (var kv in variables ?? new Dictionary<string, object?>())
            _runspace.SessionStateProxy.SetVariable(kv.Key, kv.Value);
        ps.AddScript(script);
        Collection<PSObject> output = new();
        Exception? terminating = null;
        try { output = ps.Invoke(); }
        catch (RuntimeException ex) { terminating = ex; }
        return new Result(output, ps.Streams.Error.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList(), terminating, ps.Streams.Progress.ToList());
    }

    public void Dispose() => _runspace.Dispose();
}
