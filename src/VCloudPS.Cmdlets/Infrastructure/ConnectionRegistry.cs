using System.Collections.Generic;
using System.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets
{
    /// <summary>
    /// The module's open connections (module-scoped, not a global variable). The most recently connected one is the
    /// default for every cmdlet without -Server.
    /// </summary>
    public static class ConnectionRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<VCloudConnection> Connections = new List<VCloudConnection>();
        private static VCloudConnection? _default;

        public static VCloudConnection? Default
        {
            get { lock (Gate) return _default; }
        }

        public static IReadOnlyList<VCloudConnection> All
        {
            get { lock (Gate) return Connections.ToList(); }
        }

        public static void Add(VCloudConnection connection, bool makeDefault = true)
        {
            lock (Gate)
            {
                if (!Connections.Contains(connection)) Connections.Add(connection);
                if (makeDefault || _default == null) _default = connection;
            }
        }

        public static void Remove(VCloudConnection connection)
        {
            lock (Gate)
            {
                Connections.Remove(connection);
                if (ReferenceEquals(_default, connection)) _default = Connections.LastOrDefault();
            }
        }
    }
}
