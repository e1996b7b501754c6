using System;

namespace VCloudPS.Core.Model;

/// <summary>A vApp template in a catalog.</summary>
public sealed class VAppTemplate : VCloudEntity
{
    public override string Name { get; set; } = "";
    public string? CatalogName { get; set; }
    public string? CatalogHref { get; set; }
    public string? VdcName { get; set; }
    public string? VdcHref { get; set; }
    public string? OrgName { get; set; }
    public string Status { get; set; } = "";
    public bool IsBusy { get; set; }
    public string? Owner { get; set; }
    public string? StorageProfile { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
}
