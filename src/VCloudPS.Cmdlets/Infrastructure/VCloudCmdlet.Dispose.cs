using System;

namespace VCloudPS.Cmdlets;

public abstract partial class VCloudCmdletBase : IDisposable
{
    /// <summary>PowerShell disposes a cmdlet that implements IDisposable when its pipeline ends.</summary>
    public void Dispose()
    {
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }
}
