using System.Xml.Linq;
using VCloudPS.Core.Api;

namespace VCloudPS.Core.Model
{
    /// <summary>Common shape of every object written to the pipeline.</summary>
    public abstract class VCloudEntity
    {
        /// <summary>The connection the object was read through; cmdlets use it when the object is piped on.</summary>
        public VCloudConnection Connection { get; set; } = null!;

        public string Href { get; set; } = "";

        /// <summary>URN, e.g. urn:vcloud:vapp:&lt;uuid&gt;.</summary>
        public string Id { get; set; } = "";

        public string Name { get; set; } = "";

        /// <summary>The raw payload (query record or entity) the object was mapped from.</summary>
        public XElement? ExtensionData { get; set; }

        public override string ToString() => Name;
    }
}
