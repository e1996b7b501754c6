using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using VCloudPS.Simulator.Hosting;
using VCloudPS.Simulator.Store;
using VCloudPS.Simulator.Xml;

namespace VCloudPS.Simulator.Api;

public static class Responses
{
    /// <summary>202 Accepted with the Task body and a Location header pointing at it.</summary>
    public static IResult Accepted(SimTask task, RequestContext rc) =>
        XmlResponses.Xml(TaskXml.Render(task, rc), MediaTypes.Task, 202, rc.Href(Ids.Path(EntityKind.Task, task.Id)));

    /// <summary>201 Created with the entity (which embeds its running task) and Location = the entity.</summary>
    public static IResult Created(XElement entity, string mediaType, string location) =>
        XmlResponses.Xml(entity, mediaType, 201, location);

    public static IResult Ok(XElement entity, string mediaType) => XmlResponses.Xml(entity, mediaType);
}
