using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using VCloudPS.Simulator.Clock;
using VCloudPS.Simulator.Store;

namespace VCloudPS.Simulator.Auth;

/// <summary>Sessions by token, with idle expiry on the simulated clock.</summary>
public sealed class SessionStore
{
    private readonly ConcurrentDictionary<string, SimSession> _byToken = new(StringComparer.Ordinal);
    private readonly ISimClock _clock;
    public TimeSpan IdleTimeout { get; set; }

    public SessionStore(ISimClock clock, TimeSpan idleTimeout)
    {
        _clock = clock;
        IdleTimeout = idleTimeout;
    }

    public SimSession Open(SimUser user, SimOrg org, bool viaApiToken)
    {
        var now = _clock.UtcNow;
        var s = new SimSession
        {
            UserId = user.Id, OrgId = org.Id, UserName = user.Name, OrgName = org.Name,
            Role = org.IsSystem ? Roles.SystemAdministrator : user.Role,
            IsProvider = org.IsSystem, ViaApiToken = viaApiToken,
            LegacyToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            AccessToken = MakeJwt(user, org, now),
            CreatedUtc = now, LastActivityUtc = now,
        };
        _byToken[s.LegacyToken] = s;
        _byToken[s.AccessToken] = s;
        return s;
    }

    /// <summary>Finds a live session and refreshes its idle timer (unless <paramref name="touch"/> is false).</summary>
    public SimSession? Resolve(string token, bool touch = true)
    {
        if (!_byToken.TryGetValue(token, out var s) || s.Ended) return null;
        var now = _clock.UtcNow;
        if (now - s.LastActivityUtc > IdleTimeout) { End(s); return null; }
        if (touch && now > s.LastActivityUtc) s.LastActivityUtc = now;
        return s;
    }

    public void End(SimSession s)
    {
        s.Ended = true;
        _byToken.TryRemove(s.LegacyToken, out _);
        _byToken.TryRemove(s.AccessToken, out _);
    }

    /// <summary>Fault "expireSession": the session is gone as if it had idled out.</summary>
    public void Expire(SimSession s) => End(s);

    private static string MakeJwt(SimUser user, SimOrg org, DateTime now)
    {
        static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var iat = new DateTimeOffset(now).ToUnixTimeSeconds();
        var header = B64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
        var payload = B64($"{{\"iss\":\"a93c9db9-7471-3192-8d09-a8f7eeda85f9@{org.Id}\",\"sub\":\"{user.Name}\",\"exp\":{iat + 86400},\"version\":\"{Guid.NewGuid()}\",\"jti\":\"{Guid.NewGuid():N}\"}}");
        var sig = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return header + "." + payload + "." + sig;
    }
}
