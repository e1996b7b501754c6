using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using VCloudPS.Core.Api;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Tab completion of entity names from the server: one query page (names starting with what was typed), on the
/// connection given with -Server or the default one, bounded to a few seconds. Failures complete nothing.
/// </summary>
public abstract class ServerNameCompleter : IArgumentCompleter
{
    private const int MaxResults = 50;

    protected abstract string QueryType(VCloudConnection c);

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
        Complete(wordToComplete, fakeBoundParameters);

    private IEnumerable<CompletionResult> Complete(string wordToComplete, IDictionary fakeBoundParameters)
    {
        var connection = ConnectionFrom(fakeBoundParameters) ?? ConnectionRegistry.Default;
        if (connection == null || connection.IsClosed) return Enumerable.Empty<CompletionResult>();
        string typed = (wordToComplete ?? "").Trim('\'', '"');
        var names = new List<string>();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            string? filter = typed.Length == 0 ? null : QueryFilter.Eq("name", typed.TrimEnd('*') + "*", connection.ApiVersion);
            foreach (var record in connection.QueryRecords(QueryType(connection), filter, cts.Token, sortAsc: "name", pageSize: MaxResults).Take(MaxResults))
            {
                var name = record.Attr("name");
                if (!string.IsNullOrEmpty(name)) names.Add(name!);
            }
        }
        catch (Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
        return Results(names);
    }

    private static readonly char[] CharsThatNeedQuotes = new[] { ' ', '\'', '"', '$', '`', ';', ',', '(', ')', '{', '}' };

    internal static IEnumerable<CompletionResult> Results(IEnumerable<string> names) =>
        names.Distinct(StringComparer.OrdinalIgnoreCase).Select(n =>
            new CompletionResult(n.IndexOfAny(CharsThatNeedQuotes) >= 0 ? "'" + n.Replace("'", "''") + "'" : n,
                n, CompletionResultType.ParameterValue, n));

    internal static VCloudConnection? ConnectionFrom(IDictionary bound)
    {
        if (bound == null || !bound.Contains("Server")) return null;
        object? v = bound["Server"];
        if (v is PSObject p) v = p.BaseObject;
        if (v is VCloudConnection c) return c;
        if (v is IEnumerable e) foreach (var item in e) { var b = item is PSObject q ? q.BaseObject : item; if (b is VCloudConnection cc) return cc; }
        return null;
    }
}

public sealed class VAppNameCompleter : ServerNameCompleter
{
    protected override string QueryType(VCloudConnection c) => InventoryClient.VAppQueryType(c);
}

public sealed class VdcNameCompleter : ServerNameCompleter
{
    protected override string QueryType(VCloudConnection c) => "orgVdc";
}

public sealed class CatalogNameCompleter : ServerNameCompleter
{
    protected override string QueryType(VCloudConnection c) => "catalog";
}

/// <summary>Completes -Org with the organizations the connection sees (its own for a tenant, all for a provider).</summary>
public sealed class OrgNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var connection = ServerNameCompleter.ConnectionFrom(fakeBoundParameters) ?? ConnectionRegistry.Default;
        if (connection == null || connection.IsClosed) return Enumerable.Empty<CompletionResult>();
        var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var orgs = InventoryClient.GetOrgsAsync(connection, cts.Token).ConfigureAwait(false).GetAwaiter().GetResult();
            return ServerNameCompleter.Results(orgs.Select(o => o.Name).Where(n => pattern.IsMatch(n)).OrderBy(n => n, StringComparer.OrdinalIgnoreCase)).ToList();
        }
        catch (Exception)
        {
            return Enumerable.Empty<CompletionResult>();
        }
    }
}

/// <summary>Completes -Server with the open connections of this runspace, as org@server.</summary>
public sealed class ConnectionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        foreach (var c in ConnectionRegistry.All)
        {
            string text = ConnectionTransformationAttribute.NameOf(c);
            if (pattern.IsMatch(text) || pattern.IsMatch(c.Server.Authority))
                yield return new CompletionResult(text, text, CompletionResultType.ParameterValue, $"{c.User}@{c.Org} on {c.Server.Authority} (API {c.ApiVersion})");
        }
    }
}
