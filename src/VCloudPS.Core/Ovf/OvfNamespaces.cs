using System.Xml.Linq;

namespace VCloudPS.Core.Ovf;

/// <summary>XML namespaces of OVF 1.x descriptors. Elements are matched by namespace URI, never by prefix.</summary>
public static class OvfNamespaces
{
    public static readonly XNamespace Ovf = "http://schemas.dmtf.org/ovf/envelope/1";
    public static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    public static readonly XNamespace Vssd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData";
    public static readonly XNamespace Vmw = "http://www.vmware.com/schema/ovf";
    public static readonly XNamespace VCloud = "http://www.vmware.com/vcloud/v1.5";

    /// <summary>OVF 2.x envelope namespace (DSP0243 2.0): recognised only to say vCD does not accept it.</summary>
    public static readonly XNamespace Ovf2 = "http://schemas.dmtf.org/ovf/envelope/2";

    /// <summary>OVF 0.9 (pre-DMTF) envelope namespace: recognised only to give a precise error.</summary>
    public static readonly XNamespace Ovf09 = "http://www.vmware.com/schema/ovf/1/envelope";
}
