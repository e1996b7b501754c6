using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;
using System.Security;

namespace VCloudPS.Cmdlets;

/// <summary>A running simulator process started by Start-VCloudSimulator.</summary>
public sealed class SimulatorInstance
{
    internal Process? Process { get; set; }
    internal Queue<string> OutputTail { get; } = new Queue<string>();

    /// <summary>A data folder this module created for the process (deleted when the simulator is stopped).</summary>
    internal string? OwnedDataDirectory { get; set; }

    public Uri Url { get; set; } = null!;
    public int ProcessId { get; set; }
    public string Seed { get; set; } = "";
    public DateTime StartedAt { get; set; }

    /// <summary>The seed's (first tenant) organization administrator, as user@org.</summary>
    public PSCredential? Credential { get; set; }

    /// <summary>The provider (System) administrator, when the seed has one.</summary>
    public PSCredential? ProviderCredential { get; set; }

    /// <summary>Every seeded user. Passwords and API tokens are SecureStrings (it is a simulator, but secrets stay secrets).</summary>
    public SimulatorUser[] Users { get; set; } = Array.Empty<SimulatorUser>();

    public bool HasExited
    {
        get
        {
            try { return Process == null || Process.HasExited; }
            catch (InvalidOperationException) { return true; }
        }
    }

    public override string ToString() => $"{Seed} simulator at {Url}";
}

/// <summary>A user of the simulator's seed.</summary>
public sealed class SimulatorUser
{
    public string Org { get; set; } = "";
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public bool IsSystem { get; set; }
    public SecureString? Password { get; set; }

    /// <summary>The user's API token (SecureString), for Connect-VCloud -ApiToken.</summary>
    public SecureString? ApiToken { get; set; }

    public PSCredential? Credential => Password == null ? null : new PSCredential(Name + "@" + Org, Password);

    public override string ToString() => $"{Name}@{Org} ({Role})";
}
