namespace VCloudPS.Core.History;

/// <summary>Power state of a VM in a timeline slice. Unknown means the history does not tell.</summary>
public enum PowerState
{
    Unknown = 0,
    On,
    Off,
    Suspended,
}
