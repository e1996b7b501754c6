namespace VCloudPS.Simulator.Api;

/// <summary>
/// Thrown by handlers and services; the error middleware turns it into vCD's <c>Error</c> element (XML API) or JSON
/// error (CloudAPI) with the request id prefixed to the message. <see cref="EmptyBody"/> gives an empty response.
/// </summary>
public sealed class ApiException : Exception
{
    public int Status { get; }
    public string MinorCode { get; }
    public bool EmptyBody { get; init; }

    public ApiException(int status, string minorCode, string message) : base(message)
    {
        Status = status;
        MinorCode = minorCode;
    }

    public static ApiException BadRequest(string message) => new(400, "BAD_REQUEST", message);
    public static ApiException Forbidden(string message) => new(403, "ACCESS_TO_RESOURCE_IS_FORBIDDEN", message);
    public static ApiException Unauthorized() => new(401, "UNAUTHORIZED", "") { EmptyBody = true };

    /// <summary>vCD's answer for a missing *or* foreign entity (never 404).</summary>
    public static ApiException NoEntity(string entityType, Guid id) =>
        Forbidden($"The VMware Cloud Director entity {entityType}:{id} does not exist.");

    public static ApiException MalformedId() =>
        BadRequest("validation error on field 'id': String value has invalid format or length");

    public static ApiException NotAllowed(string what) =>
        Forbidden($"Either you need some or all of the following rights [{what}] to perform operations [{what}] or the target entity is invalid.");
}
