using System;
using System.Linq;
using System.Management.Automation;

namespace VCloudPS.Cmdlets;

/// <summary>Stops simulators started by Start-VCloudSimulator (the whole process tree) and drops their connections.</summary>
[Cmdlet(VerbsLifecycle.Stop, "VCloudSimulator")]
[OutputType(typeof(void))]
public sealed class StopVCloudSimulatorCommand : VCloudCmdletBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [Alias("InputObject")]
    [ValidateNotNull]
    public SimulatorInstance[] Simulator { get; set; } = Array.Empty<SimulatorInstance>();

    protected override void ProcessRecord()
    {
        foreach (var sim in Simulator)
        {
            foreach (var c in ConnectionRegistry.All.Where(c => sim.Url != null && string.Equals(c.Server.Authority, sim.Url.Authority, StringComparison.OrdinalIgnoreCase)))
            {
                ConnectionRegistry.Remove(c);
                c.Dispose();
            }
            SimulatorProcess.Stop(sim);
            WriteVerbose($"Stopped simulator {sim.Seed} (process {sim.ProcessId}).");
        }
    }
}
