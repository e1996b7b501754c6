using System.Globalization;

namespace VCloudPS.Simulator.Xml;

public static class XmlFormat
{
    /// <summary>xsd:dateTime in UTC with milliseconds, e.g. 2026-11-26T00:27:31.280Z.</summary>
    public static string Time(DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    public static string Bool(bool b) => b ? "true" : "false";
    public static string Num(long n) => n.ToString(CultureInfo.InvariantCulture);
}
