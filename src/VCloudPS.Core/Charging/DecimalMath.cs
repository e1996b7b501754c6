using System;

namespace VCloudPS.Core.Charging;

public enum RoundingMode
{
    /// <summary>Half away from zero (the specification's default; note .NET's Math.Round defaults to half-even).</summary>
    HalfAwayFromZero,
    /// <summary>Banker's rounding.</summary>
    HalfEven,
}

/// <summary>Decimal-only rounding helpers (charging-sla.md principle 1 and 5).</summary>
public static class DecimalMath
{
    public static decimal Round(decimal value, int decimals, RoundingMode mode) =>
        Math.Round(value, decimals, mode == RoundingMode.HalfEven ? MidpointRounding.ToEven : MidpointRounding.AwayFromZero);

    /// <summary>Truncates toward zero to <paramref name="decimals"/> places (SLA display never overstates).</summary>
    public static decimal Truncate(decimal value, int decimals)
    {
        var f = Pow10(decimals);
        return Math.Truncate(value * f) / f;
    }

    public static decimal Floor(decimal value, int decimals)
    {
        var f = Pow10(decimals);
        return Math.Floor(value * f) / f;
    }

    public static decimal Pow10(int decimals)
    {
        decimal f = 1m;
        for (int i = 0; i < decimals; i++) f *= 10m;
        return f;
    }

    /// <summary>Ceiling division for positive integers.</summary>
    public static long CeilDiv(long value, long divisor) => divisor <= 0 ? value : (value + divisor - 1) / divisor;

    /// <summary>Sets the scale to exactly <paramref name="decimals"/> places so 480 prints as 480.000000.</summary>
    public static decimal WithScale(decimal value, int decimals) => Math.Round(value, decimals) + Zero(decimals);

    private static decimal Zero(int decimals)
    {
        // 0.000000 (scale = decimals): adding it to a value raises that value's scale to at least `decimals`.
        return new decimal(0, 0, 0, false, (byte)Math.Min(28, Math.Max(0, decimals)));
    }
}

/// <summary>ISO 4217 minor units for the currencies users are likely to bill in.</summary>
public static class CurrencyInfo
{
    public static int MinorUnit(string currency)
    {
        switch ((currency ?? "").ToUpperInvariant())
        {
            case "JPY": case "KRW": case "ISK": case "CLP": case "VND": case "XAF": case "XOF": return 0;
            case "KWD": case "BHD": case "OMR": case "JOD": case "TND": case "LYD": case "IQD": return 3;
            default: return 2;
        }
    }

    public static bool IsValidCode(string? currency) =>
        currency != null && currency.Length == 3 && char.IsUpper(currency[0]) && char.IsUpper(currency[1]) && char.IsUpper(currency[2]);
}
