using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using Newtonsoft.Json.Linq;
using VCloudPS.Core.Charging;

namespace VCloudPS.Cmdlets;

/// <summary>
/// Builds a validated rate card in PowerShell: from parameters (one version with -Rate hashtables), from a hashtable
/// with the JSON file's shape (-InputObject), or from a JSON file (-Path). Same validation as files.
/// </summary>
[Cmdlet(VerbsCommon.New, "VCloudRateCard", DefaultParameterSetName = "Parameters")]
[OutputType(typeof(RateCard))]
public sealed class NewVCloudRateCardCommand : PSCmdlet
{
    [Parameter(Mandatory = true, ParameterSetName = "Parameters")]
    [ValidateNotNullOrEmpty]
    public string RateCardId { get; set; } = "";

    [Parameter(Mandatory = true, ParameterSetName = "Parameters")]
    [ValidateNotNullOrEmpty]
    public string Currency { get; set; } = "";

    /// <summary>The provider's legal name (FOCUS ProviderName, PublisherName, InvoiceIssuerName).</summary>
    [Parameter(ParameterSetName = "Parameters")]
    [ValidateNotNullOrEmpty]
    public string? ProviderName { get; set; }

    /// <summary>Rates: hashtables with the rate fields of the JSON format (skuId, meter, unitPrice, period, ...).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Parameters")]
    [ValidateNotNullOrEmpty]
    public IDictionary[] Rate { get; set; } = Array.Empty<IDictionary>();

    /// <summary>Rate factors: hashtables @{ Scope = 'Org'; Match = 'acme'; Factor = 0.90 }.</summary>
    [Parameter(ParameterSetName = "Parameters")]
    public IDictionary[]? RateFactor { get; set; }

    [Parameter(ParameterSetName = "Parameters")]
    public DateTime? EffectiveFrom { get; set; }

    [Parameter(ParameterSetName = "Parameters")]
    public DateTime? EffectiveTo { get; set; }

    [Parameter(ParameterSetName = "Parameters")]
    [ValidateRange(0, 12)]
    public int QuantityDecimals { get; set; } = 6;

    [Parameter(ParameterSetName = "Parameters")]
    [ValidateRange(0, 6)]
    public int? CostDecimals { get; set; }

    [Parameter(ParameterSetName = "Parameters")]
    public RoundingMode RoundingMode { get; set; } = RoundingMode.HalfAwayFromZero;

    /// <summary>A hashtable with the JSON shape: one version, or @{ versions = @(...) }.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Hashtable", ValueFromPipeline = true)]
    [ValidateNotNull]
    public IDictionary InputObject { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    protected override void ProcessRecord()
    {
        try
        {
            switch (ParameterSetName)
            {
                case "Path":
                    WriteObject(RateCardArgument.Resolve(Path, this));
                    break;
                case "Hashtable":
                    WriteObject(RateCardReader.FromToken(RateCardArgument.ToToken(InputObject), "hashtable"));
                    break;
                default:
                    var o = new JObject
                    {
                        ["rateCardId"] = RateCardId,
                        ["currency"] = Currency,
                        ["rounding"] = new JObject { ["quantityDecimals"] = QuantityDecimals, ["mode"] = RoundingMode.ToString() },
                        ["rates"] = new JArray(Rate.Select(r => RateCardArgument.ToToken(r))),
                    };
                    if (ProviderName != null) o["providerName"] = ProviderName;
                    if (CostDecimals.HasValue) ((JObject)o["rounding"]!)["costDecimals"] = CostDecimals.Value;
                    if (EffectiveFrom.HasValue) o["effectiveFrom"] = Core.History.UtcTime.Format(EffectiveFrom.Value);
                    if (EffectiveTo.HasValue) o["effectiveTo"] = Core.History.UtcTime.Format(EffectiveTo.Value);
                    if (RateFactor != null) o["rateFactors"] = new JArray(RateFactor.Select(r => RateCardArgument.ToToken(r)));
                    WriteObject(RateCardReader.FromToken(o, "New-VCloudRateCard"));
                    break;
            }
        }
        catch (RateCardException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.InvalidData, ParameterSetName == "Path" ? (object)Path : RateCardId));
        }
        catch (ItemNotFoundException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "RateCardNotFound", ErrorCategory.ObjectNotFound, Path));
        }
    }
}
