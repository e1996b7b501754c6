using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Query;

namespace VCloudPS.Simulator.Api;

/// <summary>Maps every vCD API route (/api, /cloudapi, /oauth).</summary>
public static class ApiEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        SessionEndpoints.Map(app, sim);
        EntityEndpoints.Map(app, sim);
        VAppOperationEndpoints.Map(app, sim);
        TaskEndpoints.Map(app, sim);
        VdcActionEndpoints.Map(app, sim);
        MetricsEndpoints.Map(app, sim);
        QueryEndpoints.Map(app, sim);
        AuditTrailEndpoints.Map(app, sim);
        SectionEndpoints.Map(app, sim);
        new MetadataExtension().MapEndpoints(app, sim);
        UnsimulatedEndpoints.Map(app, sim);
        Transfer.TransferEndpoints.Map(app, sim);
    }
}
