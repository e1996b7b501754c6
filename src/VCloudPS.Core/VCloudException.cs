using System;

namespace VCloudPS.Core;

/// <summary>What went wrong, in terms a caller can act on. Cmdlets map it to an ErrorCategory.</summary>
public enum VCloudErrorKind
{
    Authentication,
    PermissionDenied,
    NotFound,
    InvalidArgument,
    Busy,
    Conflict,
    TaskFailed,
    Timeout,
    Connection,
    Protocol,
    Validation,
    QuotaExceeded,
    Cancelled,
}

/// <summary>
/// Every failure talking to vCloud Director surfaces as this type (or a subclass). The message never contains
/// credentials, session tokens or Authorization headers.
/// </summary>
public class VCloudException : Exception
{
    public VCloudException(VCloudErrorKind kind, string errorId, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ErrorId = string.IsNullOrEmpty(errorId) ? kind.ToString() : errorId;
    }

    public VCloudErrorKind Kind { get; }

    /// <summary>Stable &lt;Noun&gt;&lt;Problem&gt; identifier, e.g. VAppNotFound, EntityBusy, LoginFailed.</summary>
    public string ErrorId { get; }

    /// <summary>HTTP status code of the failing response, when there was one.</summary>
    public int? StatusCode { get; set; }

    /// <summary>vCD's minorErrorCode (e.g. ACCESS_TO_RESOURCE_IS_FORBIDDEN, BUSY_ENTITY).</summary>
    public string? MinorErrorCode { get; set; }

    /// <summary>The server's own message text (vCD Error@message), request-id prefix included.</summary>
    public string? ServerMessage { get; set; }

    /// <summary>The request that failed: method and path only (never headers or query secrets).</summary>
    public string? Request { get; set; }
}

/// <summary>A vCD task ended in error, aborted or canceled.</summary>
public sealed class VCloudTaskFailedException : VCloudException
{
    public VCloudTaskFailedException(string message, string taskHref, string taskStatus, string? operation)
        : base(VCloudErrorKind.TaskFailed, "TaskFailed", message)
    {
        TaskHref = taskHref;
        TaskStatus = taskStatus;
        Operation = operation;
    }

    public string TaskHref { get; }
    public string TaskStatus { get; }
    public string? Operation { get; }
}

/// <summary>A wait (typically for a task) exceeded its timeout. The task itself may still be running.</summary>
public sealed class VCloudTimeoutException : VCloudException
{
    public VCloudTimeoutException(string message, string? taskHref, TimeSpan timeout)
        : base(VCloudErrorKind.Timeout, "TaskTimedOut", message)
    {
        TaskHref = taskHref;
        Timeout = timeout;
    }

    public string? TaskHref { get; }
    public TimeSpan Timeout { get; }
}
