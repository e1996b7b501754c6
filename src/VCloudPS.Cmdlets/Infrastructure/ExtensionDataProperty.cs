using System.Management.Automation;
using System.Xml;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Getter of the hidden ExtensionData property (module/VCloudPS.Types.ps1xml): the raw payload as an XmlElement, so
/// PowerShell's dot-navigation works on it ($vm.ExtensionData.VmSpecSection), while Format-List * and Export-Csv
/// leave it out.
/// </summary>
public static class ExtensionDataProperty
{
    public static XmlElement? Get(PSObject instance)
    {
        if (!(instance?.BaseObject is VCloudEntity entity)) return null;
        var raw = entity.GetExtensionData();
        if (raw == null) return null;
        var document = new XmlDocument { XmlResolver = null };
        using (var reader = raw.CreateReader()) document.Load(reader);
        return document.DocumentElement;
    }
}
