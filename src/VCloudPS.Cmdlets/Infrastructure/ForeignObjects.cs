using System;
using System.Runtime.CompilerServices;
using VCloudPS.Core;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>
/// PowerCLI's vSphere module exports Get-VApp, Start-VApp, Export-VApp and more under the same names as ours, so
/// its objects reach our parameters whenever its command was found first. They are bound as marked stand-ins (a
/// failed binding would only say "cannot be bound" for piped input) and refused with an explanation when resolved.
/// </summary>
internal static class ForeignObjects
{
    private static readonly ConditionalWeakTable<VCloudEntity, string> Marked = new ConditionalWeakTable<VCloudEntity, string>();

    /// <summary>Objects of VMware's own assemblies (PowerCLI): never ours, whatever their type name says.</summary>
    public static bool IsPowerCli(object value) =>
        value.GetType().FullName?.StartsWith("VMware.", StringComparison.Ordinal) == true;

    public static VCloudEntity StandIn(Type entityType, object foreign)
    {
        var stub = (VCloudEntity)Activator.CreateInstance(entityType);
        stub.Name = foreign.ToString() ?? "";
        Marked.Add(stub, foreign.GetType().FullName ?? foreign.GetType().Name);
        return stub;
    }

    /// <summary>Throws when the entity stands in for a PowerCLI object.</summary>
    public static void Refuse(VCloudEntity entity)
    {
        if (!Marked.TryGetValue(entity, out var typeName)) return;
        string noun = entity.GetType().Name;
        string getter = entity is VApp ? "Get-VApp" : "Get-VCloud" + noun;
        throw new VCloudException(VCloudErrorKind.InvalidArgument, "PowerCliObjectNotSupported",
            $"'{entity.Name}' is a PowerCLI object ({typeName}), not a VCloudPS {noun}: PowerCLI's command of the same name " +
            $"answered because it was found first. Use the module-qualified name (VCloudPS\\{getter}), import VCloudPS with " +
            "-Prefix (Import-Module VCloudPS -Prefix Vcd), or pass the name as a string. See Get-Help about_VCloudPS.");
    }
}
