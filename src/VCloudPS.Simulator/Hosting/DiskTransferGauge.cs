namespace VCloudPS.Simulator.Hosting;

/// <summary>
/// How many disk-file transfers (GET or PUT on /transfer/*, descriptors and manifests excluded) are being served at
/// once, and the most seen since the last reset: lets tests check a client's bound on parallel file streams
/// (GET/DELETE /sim/transfers).
/// </summary>
public sealed class DiskTransferGauge
{
    private readonly object _gate = new();
    private int _active;
    private int _peak;
    private long _total;

    public static bool Counts(string path) =>
        path.StartsWith("/transfer/", StringComparison.OrdinalIgnoreCase)
        && !path.EndsWith(".ovf", StringComparison.OrdinalIgnoreCase)
        && !path.EndsWith(".mf", StringComparison.OrdinalIgnoreCase);

    public void Enter()
    {
        lock (_gate)
        {
            _active++;
            _total++;
            if (_active > _peak) _peak = _active;
        }
    }

    public void Exit()
    {
        lock (_gate) _active--;
    }

    public (int Active, int Peak, long Total) Read()
    {
        lock (_gate) return (_active, _peak, _total);
    }

    public void Reset()
    {
        lock (_gate) { _peak = _active; _total = 0; }
    }
}
