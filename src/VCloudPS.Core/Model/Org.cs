namespace VCloudPS.Core.Model;

public sealed class Org : VCloudEntity
{
    public override string Name { get; set; } = "";
    public string? FullName { get; set; }
    public bool IsEnabled { get; set; } = true;
    public string? Description { get; set; }
}
