using System;
using System.IO;
using System.Xml;
using System.Xml.Linq;

namespace VCloudPS.Core.Ovf;

/// <summary>Loads XML from untrusted sources: DTDs are refused (never resolved), no resolver, bounded size.</summary>
public static class SafeXml
{
    /// <summary>Descriptors of real vApps are a few hundred KiB; 64 MiB of characters is far beyond any of them.</summary>
    public const long MaxCharacters = 64L * 1024 * 1024;

    public static XmlReaderSettings CreateSettings() => new XmlReaderSettings
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreProcessingInstructions = true,
        IgnoreComments = true,
        CloseInput = false,
    };

    /// <summary>Parses <paramref name="stream"/>; a DTD or external entity raises <see cref="OvfPackageException"/>
    /// (<c>OvfDescriptorDtdRefused</c>) without fetching anything.</summary>
    public static XDocument Load(Stream stream, string sourceName)
    {
        try
        {
            using var reader = XmlReader.Create(stream, CreateSettings());
            return XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex) when (ex.Message.IndexOf("DTD", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            throw new OvfPackageException("OvfDescriptorDtdRefused",
                $"'{sourceName}' contains a DTD (document type declaration). DTDs and external entities are refused for safety and were not resolved.",
                sourceName, ex);
        }
        catch (XmlException ex)
        {
            throw new OvfPackageException("OvfDescriptorMalformed",
                $"'{sourceName}' is not well-formed XML: {ex.Message}", sourceName, ex);
        }
    }

    public static XDocument Parse(string xml, string sourceName)
    {
        using var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(xml));
        return Load(ms, sourceName);
    }
}
