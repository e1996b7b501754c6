using System;

namespace VCloudPS.Core.Model;

public sealed class Catalog : VCloudEntity
{
    public override string Name { get; set; } = "";
    public string? OrgName { get; set; }
    public string? Owner { get; set; }
    public bool IsPublished { get; set; }
    public bool IsShared { get; set; }
    public int? NumberOfVAppTemplates { get; set; }
    public int? NumberOfMedia { get; set; }
    public DateTimeOffset? CreationDate { get; set; }
    public string? Description { get; set; }
}
