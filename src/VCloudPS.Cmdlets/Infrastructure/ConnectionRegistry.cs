using System.Collections.Generic;
using System.Linq;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

/// <summary>
/// The open connections of the current runspace (not a global variable). The most recently connected one is the
/// default for every cmdlet without -Server. Each runspace has its own set, so parallel jobs, runbook workers and
/// other runspaces of one process never pick up each other's default; pass a connection with -Server to share it.
/// </summary>
public static class ConnectionRegistry
{
    private static readonly ConditionalWeakTable<Runspace, RunspaceConnections> PerRunspace =
        new ConditionalWeakTable<Runspace, RunspaceConnections>();
    private static readonly RunspaceConnections WithoutRunspace = new RunspaceConnections();

    private static RunspaceConnections Current =>
        Runspace.DefaultRunspace is Runspace runspace ? PerRunspace.GetValue(runspace, _ => new RunspaceConnections()) : WithoutRunspace;

    public static VCloudConnection? Default => Current.Default;

    public static IReadOnlyList<VCloudConnection> All => Current.All;

    public static void Add(VCloudConnection connection, bool makeDefault = true) => Current.Add(connection, makeDefault);

    public static void Remove(VCloudConnection connection) => Current.Remove(connection);

    private sealed class RunspaceConnections
    {
        private readonly object _gate = new object();
        private readonly List<VCloudConnection> _connections = new List<VCloudConnection>();
        private VCloudConnection? _default;

        public VCloudConnection? Default
        {
            get { lock (_gate) return _default; }
        }

        public IReadOnlyList<VCloudConnection> All
        {
            get { lock (_gate) return _connections.ToList(); }
        }

        public void Add(VCloudConnection connection, bool makeDefault)
        {
            lock (_gate)
            {
                if (!_connections.Contains(connection)) _connections.Add(connection);
                if (makeDefault || _default == null) _default = connection;
            }
        }

        public void Remove(VCloudConnection connection)
        {
            lock (_gate)
            {
                _connections.Remove(connection);
                if (ReferenceEquals(_default, connection)) _default = _connections.LastOrDefault();
            }
        }
    }
}
