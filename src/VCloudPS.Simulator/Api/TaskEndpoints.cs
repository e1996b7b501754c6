using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

/// <summary>/api/task/{id}, its cancel action, and /api/tasksList/{orgId}.</summary>
public static class TaskEndpoints
{
    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        app.MapGet("/api/task/{id}", (HttpContext ctx, string id) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync) return Responses.Ok(TaskXml.Render(Access.Task(sim, rc, id), rc), MediaTypes.Task);
        });
        app.MapPost("/api/task/{id}/action/cancel", (HttpContext ctx, string id) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync)
            {
                var t = Access.Task(sim, rc, id);
                Access.RequireMutate(rc, "General: Cancel Task");
                sim.Tasks.Cancel(t);
                return Results.NoContent();
            }
        });
        app.MapGet("/api/tasksList/{orgId}", (HttpContext ctx, string orgId) =>
        {
            var rc = ctx.Sim();
            lock (sim.Store.Sync)
            {
                var org = Access.Org(sim, rc, orgId);
                var tasks = sim.Store.Tasks.Values.Where(t => t.Org.Id == org.Id)
                    .OrderByDescending(t => t.StartUtc).Take(128).OrderBy(t => t.StartUtc);
                var root = new XElement(Ns.V + "TasksList", Ns.RootDeclarations(),
                    new XAttribute("name", "Tasks Lists"), new XAttribute("href", rc.Href($"/api/tasksList/{org.Id}")),
                    new XAttribute("type", MediaTypes.TasksList),
                    tasks.Select(t => TaskXml.Render(t, rc, root: false)));
                return Responses.Ok(root, MediaTypes.TasksList);
            }
        });
    }
}
