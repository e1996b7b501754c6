namespace VCloudPS.Core.Charging;

/// <summary>Name/id matching with <c>*</c> and <c>?</c>, shared with the SLA policy.</summary>
public static class WildcardAccess
{
    public static bool IsMatch(string? text, string pattern) => Wildcard.IsMatch(text, pattern);
}
