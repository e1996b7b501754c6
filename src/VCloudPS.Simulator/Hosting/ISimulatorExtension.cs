using System.Xml.Linq;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Hosting;

/// <summary>
/// Plug-in point for feature areas living in their own folder (Transfer/). Every non-abstract class of this assembly
/// implementing it is created once at start-up (public parameterless constructor) and asked to map its endpoints.
/// </summary>
public interface ISimulatorExtension
{
    /// <summary>Register routes (e.g. /api/vApp/{id}/action/enableDownload, /transfer/...).</summary>
    void MapEndpoints(IEndpointRouteBuilder app, Simulation sim);

    /// <summary>
    /// Called (inside the store lock) after the core rendered a VApp, Vm, VAppTemplate, Vdc or Catalog element and before it
    /// is sent, e.g. to add download links. <paramref name="entity"/> is the rendered entity.
    /// </summary>
    void Decorate(XElement element, SimEntity entity, RequestContext request) { }
}
