using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Simulator.Api;

/// <summary>Maps every vCD API route (/api, /cloudapi, /oauth).</summary>
public static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Simulation sim, IReadOnlyList<ISimulatorExtension> extensions)
    {
    }
}
