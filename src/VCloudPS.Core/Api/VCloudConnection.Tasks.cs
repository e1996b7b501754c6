using System;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace VCloudPS.Core.Api;

public sealed partial class VCloudConnection
{
    /// <summary>
    /// Waits for a Task element, or for every Task embedded (Tasks/Task) in an entity such as a 201 response.
    /// Returns the finished Task, or the entity re-read after its tasks succeeded (the entity itself when it had none).
    /// Throws <see cref="VCloudTaskFailedException"/> on error/aborted/canceled and <see cref="VCloudTimeoutException"/>
    /// when <paramref name="timeout"/> passes (the server task keeps running: cancelling the wait cancels nothing there).
    /// </summary>
    public async Task<XElement> WaitForTaskAsync(XElement taskOrEntityWithTasks, TimeSpan timeout, IProgress<int>? progressPercent, CancellationToken ct)
    {
        if (taskOrEntityWithTasks == null) throw new ArgumentNullException(nameof(taskOrEntityWithTasks));
        var deadline = Stopwatch.StartNew();
        if (IsTask(taskOrEntityWithTasks))
            return await WaitOneAsync(taskOrEntityWithTasks, timeout, deadline, progressPercent, ct).ConfigureAwait(false);

        var embedded = taskOrEntityWithTasks.Elements().Where(e => e.Name.LocalName == "Tasks").SelectMany(t => t.Elements()).Where(IsTask).ToList();
        if (embedded.Count == 0) return taskOrEntityWithTasks;
        foreach (var task in embedded)
            await WaitOneAsync(task, timeout, deadline, progressPercent, ct).ConfigureAwait(false);
        string? href = taskOrEntityWithTasks.Attr("href");
        return href != null ? await GetXmlAsync(href, ct).ConfigureAwait(false) : taskOrEntityWithTasks;
    }

    private static bool IsTask(XElement e) => e.Name.LocalName == "Task";

    private async Task<XElement> WaitOneAsync(XElement task, TimeSpan timeout, Stopwatch elapsed, IProgress<int>? progress, CancellationToken ct)
    {
        string href = task.Attr("href") ?? throw new VCloudException(VCloudErrorKind.Protocol, "InvalidResponse", "A task without href cannot be waited for.");
        var delay = TaskPollInitialDelay;
        int lastProgress = -1;
        while (true)
        {
            string status = (task.Attr("status") ?? "").Trim();
            int? pct = VcdXml.ParseInt(task.Elements().FirstOrDefault(e => e.Name.LocalName == "Progress")?.Value);
            if (pct.HasValue && pct.Value != lastProgress) { lastProgress = pct.Value; progress?.Report(Math.Max(0, Math.Min(100, pct.Value))); }

            switch (status.ToLowerInvariant())
            {
                case "success":
                    if (lastProgress != 100) progress?.Report(100);
                    return task;
                case "error":
                case "aborted":
                case "canceled":
                case "cancelled":
                    throw TaskFailure(task, status);
            }

            if (elapsed.Elapsed >= timeout)
                throw new VCloudTimeoutException(
                    $"The task '{task.Attr("operation") ?? task.Attr("operationName") ?? href}' did not finish within {timeout.TotalSeconds:0} s (last status {status}). " +
                    $"It may still be running on the server: follow it at {href} or in the portal's Recent Tasks before trying again (-TimeoutSec sets this wait).",
                    href, timeout);

            var wait = delay;
            var remaining = timeout - elapsed.Elapsed;
            if (wait > remaining) wait = remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
            await Task.Delay(wait, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(TaskPollMaxDelay.TotalMilliseconds, delay.TotalMilliseconds * 1.6));
            task = await GetXmlAsync(href, ct).ConfigureAwait(false);
        }
    }

    private static VCloudTaskFailedException TaskFailure(XElement task, string status)
    {
        var err = task.Elements().FirstOrDefault(e => e.Name.LocalName == "Error");
        string? serverMessage = err?.Attr("message");
        string operation = task.Attr("operation") ?? task.Attr("operationName") ?? "task";
        string why = serverMessage != null ? ErrorMapper.StripRequestId(serverMessage)
            : status.StartsWith("abort", StringComparison.OrdinalIgnoreCase) || status.StartsWith("cancel", StringComparison.OrdinalIgnoreCase)
                ? "it was cancelled" : "no reason given";
        var ex = new VCloudTaskFailedException($"Task '{operation}' ended with status {status}: {why}", task.Attr("href") ?? "", status, task.Attr("operationName"))
        {
            ServerMessage = serverMessage,
            MinorErrorCode = err?.Attr("minorErrorCode"),
            StatusCode = err?.AttrInt("majorErrorCode"),
        };
        return ex;
    }
}
