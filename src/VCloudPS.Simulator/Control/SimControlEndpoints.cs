using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VCloudPS.Simulator.Faults;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Control;

/// <summary>The simulator-only control surface outside /api: /sim/health, /sim/users, /sim/clock, /sim/faults, /sim/transfers.</summary>
public static class SimControlEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder app, Simulation sim)
    {
        app.MapGet("/sim/health", () =>
        {
            lock (sim.Store.Sync)
                return Results.Json(new
                {
                    status = "ok", seed = sim.SeedName, now = sim.Clock.UtcNow, vApps = sim.Store.VApps.Count, vms = sim.Store.Vms.Count,
                    events = sim.Store.Events.Count, tasks = sim.Store.Tasks.Count,
                }, Json);
        });

        app.MapGet("/sim/users", () =>
        {
            lock (sim.Store.Sync)
            {
                var users = sim.Store.Users.Values.OrderBy(u => u.Seq).Select(u =>
                {
                    var org = sim.Store.Orgs[u.OrgId];
                    var token = u.ApiTokens.FirstOrDefault(t => !t.Revoked && (t.ExpiresUtc is null || t.ExpiresUtc > sim.Clock.UtcNow));
                    return new
                    {
                        org = org.Name, name = u.Name, role = u.Role, password = u.Password, apiToken = token?.Token,
                        isSystem = org.IsSystem,
                        apiTokens = u.ApiTokens.Select(t => new { name = t.Name, token = t.Token, revoked = t.Revoked, expires = t.ExpiresUtc }),
                    };
                }).ToList();
                return Results.Json(users, Json);
            }
        });

        app.MapGet("/sim/clock", () => ClockState(sim));
        app.MapPost("/sim/clock", async (HttpContext ctx) =>
        {
            JsonNode? body;
            try { body = await JsonNode.ParseAsync(ctx.Request.Body); }
            catch (JsonException ex) { return Results.BadRequest(new { error = "invalid JSON: " + ex.Message }); }
            try
            {
                if (body?["now"] is { } now) sim.Clock.Set(DateTime.Parse(now.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal));
                if (body?["advance"] is { } adv) sim.Clock.Advance(ParseDuration(adv));
                if (body?["frozen"] is { } frozen) sim.Clock.Freeze(frozen.GetValue<bool>());
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
            {
                return Results.BadRequest(new { error = ex.Message });
            }
            sim.Tasks.Tick();
            return ClockState(sim);
        });

        // Public IP allocation has no simple vCD call; this records what an edge-gateway change would (vapp/modify).
        app.MapPost("/sim/vapps/{vapp}/publicIps", async (HttpContext ctx, string vapp) =>
        {
            JsonNode? body;
            try { body = await JsonNode.ParseAsync(ctx.Request.Body); }
            catch (JsonException ex) { return Results.BadRequest(new { error = "invalid JSON: " + ex.Message }); }
            if (body?["count"] is not { } countNode || countNode.GetValue<int>() < 0) return Results.BadRequest(new { error = "count (>= 0) is required" });
            lock (sim.Store.Sync)
            {
                var target = sim.Store.VApps.Values.FirstOrDefault(a => a.Id.ToString() == vapp || a.Urn == vapp || a.Name == vapp);
                if (target is null) return Results.NotFound(new { error = $"no vApp '{vapp}'" });
                var userName = body["user"]?.GetValue<string>();
                var user = userName is null ? null : sim.Store.UserByName(target.OrgId, userName);
                var org = EntityRef.Of(sim.Store.Orgs[target.OrgId]);
                var actor = user is null ? History.Actor.System(org) : new History.Actor(EntityRef.Of(user), org);
                target.PublicIpCount = countNode.GetValue<int>();
                sim.Events.VAppPublicIps(target, actor, sim.Clock.UtcNow, null);
                sim.Store.Touch();
                return Results.Json(new { vApp = target.Name, publicIpCount = target.PublicIpCount }, Json);
            }
        });

        app.MapGet("/sim/faults", () => Results.Json(sim.Faults.List(), Json));
        app.MapPost("/sim/faults", async (HttpContext ctx) =>
        {
            try
            {
                var text = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
                var faults = text.TrimStart().StartsWith('[')
                    ? JsonSerializer.Deserialize<List<Fault>>(text, Json)!
                    : new List<Fault> { JsonSerializer.Deserialize<Fault>(text, Json)! };
                var added = faults.Select(sim.Faults.Add).ToList();
                return Results.Json(added.Count == 1 ? added[0] : added, Json, statusCode: 201);
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException)
            {
                return Results.BadRequest(new { error = ex.Message });
            }
        });
        app.MapDelete("/sim/faults", () => { sim.Faults.Clear(); return Results.NoContent(); });

        app.MapGet("/sim/transfers", () =>
        {
            var (active, peak, total) = sim.DiskTransfers.Read();
            return Results.Json(new { active, peak, total }, Json);
        });
        app.MapDelete("/sim/transfers", () => { sim.DiskTransfers.Reset(); return Results.NoContent(); });
    }

    private static IResult ClockState(Simulation sim) =>
        Results.Json(new { now = sim.Clock.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"), frozen = sim.Clock.Frozen }, Json);

    /// <summary>ISO 8601 duration ("PT10H", "P1D") or a .NET TimeSpan ("01:00:00") or seconds as a number.</summary>
    private static TimeSpan ParseDuration(JsonNode node)
    {
        if (node.GetValueKind() == JsonValueKind.Number) return TimeSpan.FromSeconds(node.GetValue<double>());
        var s = node.GetValue<string>();
        return s.StartsWith('P') || s.StartsWith("-P") ? XmlConvert.ToTimeSpan(s) : TimeSpan.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }
}
