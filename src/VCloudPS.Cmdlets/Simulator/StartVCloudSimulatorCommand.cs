using System;
using System.IO;
using System.Management.Automation;

namespace VCloudPS.Cmdlets;

/// <summary>Starts the bundled vCloud Director API simulator on loopback.</summary>
[Cmdlet(VerbsLifecycle.Start, "VCloudSimulator")]
[OutputType(typeof(SimulatorInstance))]
public sealed class StartVCloudSimulatorCommand : VCloudCmdletBase
{
    /// <summary>enterprise, provider, or a JSON seed file.</summary>
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(SeedCompleter))]
    [ValidateNotNullOrEmpty]
    public string Seed { get; set; } = "enterprise";

    [Parameter]
    [ValidateRange(0, 1000000)]
    public int GenerateVApps { get; set; }

    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>Starts the simulated clock at this instant (it then runs at real speed); seeds anchor their history on it.</summary>
    [Parameter]
    public DateTime? Now { get; set; }

    [Parameter]
    public string? DataDirectory { get; set; }

    [Parameter]
    [Alias("StartTimeoutSec")]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 60;

    private static readonly char[] PathSeparators = new[] { '/', '\\' };

    protected override void ProcessRecord()
    {
        string seed = Seed;
        if (seed.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || seed.IndexOfAny(PathSeparators) >= 0)
        {
            seed = SessionState.Path.GetUnresolvedProviderPathFromPSPath(seed);
            if (!File.Exists(seed))
                ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"Seed file '{Seed}' does not exist.", seed), "SeedFileNotFound", ErrorCategory.ObjectNotFound, Seed));
        }
        string? dataDir = DataDirectory == null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(DataDirectory);
        try
        {
            string dll = SimulatorProcess.FindDll(MyInvocation.MyCommand.Module?.ModuleBase);
            WriteVerbose($"Starting {dll} with seed {seed}.");
            var instance = Run(ct => SimulatorProcess.StartAsync(dll, seed, Port, GenerateVApps, Now, dataDir, TimeSpan.FromSeconds(TimeoutSec), ct));
            WriteVerbose($"Simulator {instance.Seed} listening at {instance.Url} (process {instance.ProcessId}, {instance.Users.Length} users).");
            WriteObject(instance);
        }
        catch (Exception ex) when (!IsStopping(ex))
        {
            ThrowVCloudError(ex, Seed);
        }
    }
}

/// <summary>Completes -Seed with the built-in seed names.</summary>
public sealed class SeedCompleter : IArgumentCompleter
{
    public System.Collections.Generic.IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        System.Management.Automation.Language.CommandAst commandAst, System.Collections.IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        foreach (var s in new[] { "enterprise", "provider" })
            if (pattern.IsMatch(s)) yield return new CompletionResult(s, s, CompletionResultType.ParameterValue, "built-in seed " + s);
    }
}
