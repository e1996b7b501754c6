using System;
using System.Collections.Generic;
using System.Linq;

namespace VCloudPS.Core.Charging;

/// <summary>
/// Splits an amount into parts proportional to weights so the rounded parts sum exactly to the amount (rule R10):
/// floor every part to the minor unit, then give the leftover minor units one each to the largest remainders,
/// ties broken by key (ResourceId) ordinal ascending.
/// </summary>
public static class LargestRemainder
{
    public static decimal[] Split(decimal total, IReadOnlyList<decimal> weights, IReadOnlyList<string> keys, int decimals)
    {
        if (weights.Count != keys.Count) throw new ArgumentException("One key per weight is required.");
        var n = weights.Count;
        var parts = new decimal[n];
        if (n == 0) return parts;
        var sum = weights.Sum();
        if (sum <= 0m) throw new ArgumentException("The weights must sum to more than zero.");
        var unit = 1m / DecimalMath.Pow10(decimals);
        var remainders = new decimal[n];
        decimal floors = 0m;
        for (int i = 0; i < n; i++)
        {
            var raw = total * weights[i] / sum;
            parts[i] = DecimalMath.Floor(raw, decimals);
            remainders[i] = raw - parts[i];
            floors += parts[i];
        }
        var leftover = (long)decimal.Round((total - floors) / unit);
        var order = Enumerable.Range(0, n)
            .OrderByDescending(i => remainders[i])
            .ThenBy(i => keys[i], StringComparer.Ordinal)
            .ToList();
        for (int k = 0; k < leftover && k < n; k++) parts[order[k]] += unit;
        return parts;
    }
}
