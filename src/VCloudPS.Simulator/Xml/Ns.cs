using System.Xml.Linq;

namespace VCloudPS.Simulator.Xml;

/// <summary>The XML namespaces of the vCloud API and of the OVF envelopes it embeds and exchanges (one set for both).</summary>
public static class Ns
{
    public static readonly XNamespace V = "http://www.vmware.com/vcloud/v1.5";
    public static readonly XNamespace Ovf = "http://schemas.dmtf.org/ovf/envelope/1";
    public static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    public static readonly XNamespace Vssd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData";
    public static readonly XNamespace Vmw = "http://www.vmware.com/schema/ovf";
    public static readonly XNamespace OvfEnv = "http://schemas.dmtf.org/ovf/environment/1";
    public static readonly XNamespace Ve = "http://www.vmware.com/schema/ovfenv";
    public static readonly XNamespace Vmext = "http://www.vmware.com/vcloud/extension/v1.5";
    public static readonly XNamespace Versions = "http://www.vmware.com/vcloud/versions";
    public static readonly XNamespace Common = "http://schemas.dmtf.org/wbem/wscim/1/common";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>ovf:format of a streamOptimized VMDK disk (DiskSection/Disk).</summary>
    public const string StreamOptimizedFormat = "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized";

    /// <summary>The namespace declarations real vCD puts on every root element.</summary>
    public static IEnumerable<XAttribute> RootDeclarations() => new[]
    {
        new XAttribute("xmlns", V.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "ovf", Ovf.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "vssd", Vssd.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "common", Common.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "rasd", Rasd.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "vmw", Vmw.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "ovfenv", OvfEnv.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "vmext", Vmext.NamespaceName),
        new XAttribute(XNamespace.Xmlns + "ns9", Versions.NamespaceName),
    };
}

public static class MediaTypes
{
    public const string Prefix = "application/vnd.vmware.vcloud.";
    public const string Session = Prefix + "session+xml";
    public const string OrgList = Prefix + "orgList+xml";
    public const string Org = Prefix + "org+xml";
    public const string Vdc = Prefix + "vdc+xml";
    public const string VApp = Prefix + "vApp+xml";
    public const string Vm = Prefix + "vm+xml";
    public const string VAppTemplate = Prefix + "vAppTemplate+xml";
    public const string Catalog = Prefix + "catalog+xml";
    public const string CatalogItem = Prefix + "catalogItem+xml";
    public const string Task = Prefix + "task+xml";
    public const string TasksList = Prefix + "tasksList+xml";
    public const string Error = Prefix + "error+xml";
    public const string Entity = Prefix + "entity+xml";
    public const string QueryList = Prefix + "query.queryList+xml";
    public const string Records = Prefix + "query.records+xml";
    public const string References = Prefix + "query.references+xml";
    public const string IdRecords = Prefix + "query.idrecords+xml";
    public const string Network = Prefix + "network+xml";
    public const string OrgVdcNetwork = Prefix + "orgVdcNetwork+xml";
    public const string StorageProfile = Prefix + "vdcStorageProfile+xml";
    public const string Owner = Prefix + "owner+xml";
    public const string Metadata = Prefix + "metadata+xml";
    public const string User = "application/vnd.vmware.admin.user+xml";
    public const string DeployParams = Prefix + "deployVAppParams+xml";
    public const string UndeployParams = Prefix + "undeployVAppParams+xml";
    public const string RasdItem = Prefix + "rasdItem+xml";
    public const string RasdItemsList = Prefix + "rasdItemsList+xml";
    public const string VirtualHardwareSection = Prefix + "virtualHardwareSection+xml";
    public const string InstantiateVAppTemplateParams = Prefix + "instantiateVAppTemplateParams+xml";
    public const string InstantiateOvfParams = Prefix + "instantiateOvfParams+xml";
    public const string UploadVAppTemplateParams = Prefix + "uploadVAppTemplateParams+xml";
    public const string CloneVAppParams = Prefix + "cloneVAppParams+xml";
    public const string MoveVAppParams = Prefix + "moveVAppParams+xml";
    public const string ComposeVAppParams = Prefix + "composeVAppParams+xml";
    public const string CaptureVAppParams = Prefix + "captureVAppParams+xml";
    public const string Media = Prefix + "media+xml";
    public const string CloneVAppTemplateParams = Prefix + "cloneVAppTemplateParams+xml";
    public const string CloneMediaParams = Prefix + "cloneMediaParams+xml";
    public const string Versions = "application/vnd.vmware.vcloud.versions+xml";
}
