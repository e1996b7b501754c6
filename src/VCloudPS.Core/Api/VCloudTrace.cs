using System;
using System.Threading;

namespace VCloudPS.Core.Api;

/// <summary>
/// Where the client reports what it does (requests, retries, re-logins) for -Verbose. The sink flows with the
/// async context of the caller (cmdlets install one that queues to the pipeline thread). Messages never contain
/// secrets: only method, URL path/query, status and timing.
/// </summary>
public static class VCloudTrace
{
    private static readonly AsyncLocal<Action<string>?> CurrentSink = new AsyncLocal<Action<string>?>();

    public static Action<string>? Sink
    {
        get => CurrentSink.Value;
        set => CurrentSink.Value = value;
    }

    internal static void Write(string message)
    {
        try { CurrentSink.Value?.Invoke(message); }
        catch (Exception) { /* tracing must never break a request */ }
    }
}
