using System;

namespace VCloudPS.Core.Ovf
{
    /// <summary>A package (descriptor, manifest, OVA archive or its files) is invalid or unsafe. Raised before any byte
    /// is sent to a cloud, so nothing has to be cleaned up when it is thrown by validation.</summary>
    public sealed class OvfPackageException : Exception
    {
        public OvfPackageException(string errorId, string message, string? fileName = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            FileName = fileName;
        }

        /// <summary>Stable id in &lt;Noun&gt;&lt;Problem&gt; form, e.g. <c>OvfDescriptorInvalid</c>, <c>ManifestDigestMismatch</c>.</summary>
        public string ErrorId { get; }

        /// <summary>The package file the problem is about, when there is one.</summary>
        public string? FileName { get; }
    }
}
