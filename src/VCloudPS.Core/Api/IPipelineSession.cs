using System.Threading;
using System.Threading.Tasks;

namespace VCloudPS.Core.Api;

/// <summary>The session the pipeline authenticates requests with (implemented by <see cref="VCloudConnection"/>).</summary>
internal interface IPipelineSession
{
    SessionCredentials? Current { get; }

    /// <summary>Changes each time the session is renewed, so concurrent 401s renew once.</summary>
    int Generation { get; }

    /// <summary>Logs in again unless another caller already did since <paramref name="seenGeneration"/>.</summary>
    Task RenewAsync(int seenGeneration, CancellationToken ct);

    /// <summary>The error for a request made while not logged in.</summary>
    VCloudException NotConnected();
}
