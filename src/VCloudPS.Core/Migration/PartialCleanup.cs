using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Migration;

/// <summary>Removes what a failed import, move or copy half-created (a vApp or a vApp template) and says how that
/// went, for the error message. One removal through the request pipeline, which already retries what is safe; it
/// is never cancelled by the caller's token (Ctrl+C must not leave the partial object behind), only by its own
/// timeout.</summary>
internal static class PartialCleanup
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <param name="what">What the entity is, for messages ("half-created vApp", "partial copy", "temporary clone").</param>
    /// <returns>A sentence: removed, already gone, or could not be removed (naming the entity and what to do).</returns>
    public static async Task<string> RemoveAsync(VCloudConnection c, string href, string what, Action<string>? log)
    {
        using var cts = new CancellationTokenSource(Limit);
        string name = href;
        try
        {
            var fresh = await c.GetXmlAsync(href, cts.Token).ConfigureAwait(false);
            name = fresh.Attr("name") is string n ? $"'{n}' ({href})" : href;
            foreach (var t in fresh.V("Tasks")?.Elements(VcdXml.Vcloud + "Task") ?? Enumerable.Empty<XElement>())
                if (t.LinkHref("task:cancel") is string cancel)
                    try { await c.PostXmlAsync(cancel, null, null, cts.Token).ConfigureAwait(false); } catch (VCloudException) { }
            await VAppOperations.RemoveAsync(c, href, undeployFirst: true, Limit, null, cts.Token).ConfigureAwait(false);
            log?.Invoke($"Removed the {what} {href}.");
            return $"The {what} was removed.";
        }
        catch (VCloudException ex) when (ex.Kind == VCloudErrorKind.NotFound || ex.StatusCode == 403)
        {
            return $"The {what} is gone.";
        }
        catch (Exception ex)
        {
            log?.Invoke($"Removing the {what} {href} failed: {ex.Message}");
            return $"The {what} {name} could not be removed ({ex.Message}); remove it with Remove-VApp or in the portal.";
        }
    }
}
