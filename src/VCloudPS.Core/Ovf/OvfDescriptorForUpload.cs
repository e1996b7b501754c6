using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace VCloudPS.Core.Ovf;

/// <summary>The descriptor as it is sent to vCD. Unchanged, byte for byte, unless it has deployment options: then
/// only the hardware items of the chosen configuration are kept and the <c>DeploymentOptionSection</c> is
/// dropped, so every server builds the VMs the admin chose (servers differ in how they read configurations).</summary>
public static class OvfDescriptorForUpload
{
    private static readonly XNamespace O = OvfNamespaces.Ovf;

    public static byte[] Bytes(OvfPackage package)
    {
        var d = package.Descriptor;
        if (d.DeploymentOptions.Count == 0) return package.DescriptorBytes;
        var doc = new XDocument(d.Document);
        var env = doc.Root!;
        foreach (var hw in env.Descendants(O + "VirtualHardwareSection").ToList())
        {
            var keep = OvfDescriptorParser.ApplicableItems(hw, d.DeploymentOption).ToList();
            foreach (var item in hw.Elements(O + "Item").Except(keep).ToList()) item.Remove();
        }
        foreach (var a in env.Descendants().Attributes(O + "configuration").ToList()) a.Remove();
        env.Element(O + "DeploymentOptionSection")?.Remove();
        var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false }))
            doc.Save(w);
        return ms.ToArray();
    }
}
