using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using VCloudPS.Core.Model;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Lets an entity parameter (-Vdc, -Org, -VApp) take either objects or names: a string becomes a stub with only
/// Name set (empty Href), which the cmdlet then resolves on its connection. PowerCLI objects become marked
/// stand-ins that the cmdlet refuses with an explanation (see <see cref="ForeignObjects"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class EntityTransformationAttribute : ArgumentTransformationAttribute
{
    private readonly Type _type;

    public EntityTransformationAttribute(Type entityType) => _type = entityType;

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (inputData is PSObject pso) inputData = pso.BaseObject;
        if (inputData is string s) return Stub(s);
        if (inputData != null && ForeignObjects.IsPowerCli(inputData)) return ForeignObjects.StandIn(_type, inputData);
        if (inputData is IEnumerable list && !(inputData is string))
        {
            var result = new List<object?>();
            foreach (var item in list)
            {
                var value = item is PSObject p ? p.BaseObject : item;
                result.Add(value is string name ? Stub(name)
                    : value != null && ForeignObjects.IsPowerCli(value) ? ForeignObjects.StandIn(_type, value)
                    : value);
            }
            var array = Array.CreateInstance(_type, result.Count);
            for (int i = 0; i < result.Count; i++)
            {
                if (!_type.IsInstanceOfType(result[i]))
                    throw new ArgumentTransformationMetadataException($"Cannot convert {result[i]?.GetType().Name ?? "null"} to {_type.Name}.");
                array.SetValue(result[i], i);
            }
            return array;
        }
        return inputData;
    }

    private object Stub(string name)
    {
        var e = (VCloudEntity)Activator.CreateInstance(_type);
        e.Name = name;
        return e;
    }
}
