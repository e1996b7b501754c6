using System;

namespace VCloudPS.Core.Ovf;

/// <summary>A package (descriptor, manifest, OVA archive or its files) is invalid or unsafe. Raised before any byte
/// is sent to a cloud, so nothing has to be cleaned up when it is thrown by validation.</summary>
public sealed class OvfPackageException : VCloudException
{
    public OvfPackageException(string errorId, string message, string? fileName = null, Exception? inner = null)
        : base(KindOf(errorId), errorId, message, inner)
    {
        FileName = fileName;
    }

    private static VCloudErrorKind KindOf(string errorId) => errorId switch
    {
        "PackageNotFound" => VCloudErrorKind.NotFound,
        "ExportTargetExists" => VCloudErrorKind.Conflict,
        "ExportTargetInvalid" => VCloudErrorKind.InvalidArgument,
        _ => VCloudErrorKind.Validation,
    };

    /// <summary>The package file the problem is about, when there is one.</summary>
    public string? FileName { get; }
}
