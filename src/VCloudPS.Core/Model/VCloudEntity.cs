using System.Xml.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Model;

/// <summary>Common shape of every object written to the pipeline.</summary>
/// <remarks>
/// Name is declared by each entity type itself (an override) so that it is the first property PowerShell lists:
/// Export-Csv and Select-Object * follow declaration order, derived type first.
/// </remarks>
public abstract class VCloudEntity
{
    public abstract string Name { get; set; }

    /// <summary>The connection the object was read through; cmdlets use it when the object is piped on.</summary>
    public VCloudConnection Connection { get; set; } = null!;

    public string Href { get; set; } = "";

    /// <summary>URN, e.g. urn:vcloud:vapp:&lt;uuid&gt;.</summary>
    public string Id { get; set; } = "";

    /// <summary>
    /// The raw payload (query record or entity) the object was mapped from. A method rather than a property so that
    /// listings (Format-List *) and exports (Export-Csv) never carry the XML; PowerShell shows it as the hidden
    /// ExtensionData property (module/VCloudPS.Types.ps1xml).
    /// </summary>
    public XElement? GetExtensionData() => RawPayload;

    internal XElement? RawPayload { get; set; }

    public override string ToString() => Name;
}
