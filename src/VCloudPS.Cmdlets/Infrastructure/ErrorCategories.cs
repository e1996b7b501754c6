using System;
using System.Management.Automation;
using VCloudPS.Core;

namespace VCloudPS.Cmdlets;

/// <summary>Maps Core failures to PowerShell ErrorRecords with stable ErrorIds.</summary>
public static class ErrorCategories
{
    public static ErrorCategory For(VCloudErrorKind kind)
    {
        switch (kind)
        {
            case VCloudErrorKind.Authentication: return ErrorCategory.AuthenticationError;
            case VCloudErrorKind.PermissionDenied: return ErrorCategory.PermissionDenied;
            case VCloudErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
            case VCloudErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
            case VCloudErrorKind.Busy: return ErrorCategory.ResourceBusy;
            case VCloudErrorKind.Conflict: return ErrorCategory.InvalidOperation;
            case VCloudErrorKind.TaskFailed: return ErrorCategory.InvalidResult;
            case VCloudErrorKind.Timeout: return ErrorCategory.OperationTimeout;
            case VCloudErrorKind.Connection: return ErrorCategory.ConnectionError;
            case VCloudErrorKind.Protocol: return ErrorCategory.ProtocolError;
            case VCloudErrorKind.Validation: return ErrorCategory.InvalidData;
            case VCloudErrorKind.QuotaExceeded: return ErrorCategory.QuotaExceeded;
            case VCloudErrorKind.Cancelled: return ErrorCategory.OperationStopped;
            default: return ErrorCategory.NotSpecified;
        }
    }

    public static ErrorRecord ToErrorRecord(Exception ex, object? target, string? fallbackErrorId = null)
    {
        ex = Unwrap(ex);
        switch (ex)
        {
            case VCloudException v:
                return new ErrorRecord(v, v.ErrorId, For(v.Kind), target);
            case OperationCanceledException _:
                return new ErrorRecord(ex, "OperationCancelled", ErrorCategory.OperationStopped, target);
            case ArgumentException _:
                return new ErrorRecord(ex, fallbackErrorId ?? "InvalidArgument", ErrorCategory.InvalidArgument, target);
            case UnauthorizedAccessException _:
                return new ErrorRecord(ex, fallbackErrorId ?? "AccessDenied", ErrorCategory.PermissionDenied, target);
            case System.IO.IOException _:
                return new ErrorRecord(ex, fallbackErrorId ?? "IOError", ErrorCategory.WriteError, target);
            default:
                return new ErrorRecord(ex, fallbackErrorId ?? "UnexpectedError", ErrorCategory.NotSpecified, target);
        }
    }

    public static Exception Unwrap(Exception ex)
    {
        while ((ex is AggregateException agg && agg.InnerExceptions.Count == 1) || (ex is System.Reflection.TargetInvocationException && ex.InnerException != null))
            ex = ex.InnerException!;
        return ex;
    }
}
