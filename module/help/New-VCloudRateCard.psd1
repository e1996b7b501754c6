@{
    Synopsis    = 'Builds a validated rate card for Get-VAppCharge in PowerShell.'
    Description = 'New-VCloudRateCard creates a rate card object with the same validation as rate card files: from parameters (one version, rates as hashtables), from a hashtable with the JSON file''s shape (-InputObject; one version, or @{ versions = @(...) } for several), or from a JSON file (-Path).

A rate is a hashtable with the JSON fields: SkuId, Meter (Vcpu, MemoryGiB, StorageGiB, PublicIp, VdcFee), UnitPrice, Period (Hour or Month), and optionally SkuPriceId, Basis (PoweredOn or Allocated), PricingUnit, BillingIncrementSeconds, MinimumSecondsPerRun, StoragePolicy, ServiceName, ServiceCategory and ServiceSubcategory (FOCUS 1.2 allowed values; the subcategory must belong to the category; defaults per meter: Compute/Virtual Machines, Storage/Block Storage, Networking/Network Infrastructure); a VdcFee rate also takes AllocationModel (AllocationPool, ReservationPool, Flex) or Vdc, Weight (VcpuHours, MemoryGiBHours, Even) and Capacity (vCPUs or GiB of the VDC; the unused part becomes the __idle__ line). A rate factor is @{ Scope = ''Org''|''Vdc''|''VApp''|''Vm''; Match = name or id (wildcards); Factor = 0.90 }.'
    Parameters  = @{
        RateCardId       = 'Identifier of the rate card, written to x_RateCardId.'
        Currency         = 'ISO 4217 currency code, e.g. EUR. Costs are rounded to its minor unit (EUR 2, JPY 0, KWD 3) unless -CostDecimals is given.'
        Rate             = 'The rates: hashtables with the fields described above.'
        ProviderName     = 'The provider''s legal name, written to the FOCUS ProviderName, PublisherName and InvoiceIssuerName columns (JSON: providerName; publisherName and invoiceIssuerName override the last two). Without it Get-VAppCharge warns (RateCardNoProvider) and writes the server''s host name.'
        RateFactor       = 'Rate factors: hashtables @{ Scope; Match; Factor }. The most specific scope wins (Vm > VApp > Vdc > Org); default 1.00.'
        EffectiveFrom    = 'Start of validity (UTC). Default: always.'
        EffectiveTo      = 'End of validity (UTC, exclusive). Default: open.'
        QuantityDecimals = 'Decimals of PricingQuantity (default 6).'
        CostDecimals     = 'Decimals of costs (default: the currency''s minor unit).'
        RoundingMode     = 'HalfAwayFromZero (default) or HalfEven.'
        InputObject      = 'A hashtable with the JSON shape of a rate card (an example ships in the module folder: examples/ratecard.json).'
        Path             = 'A rate card JSON file to read and validate.'
    }
    Examples    = @(
        @{ Title = 'A small rate card'; Code = '$card = New-VCloudRateCard -RateCardId rc-1 -Currency EUR -ProviderName ''Example Cloud Services GmbH'' -Rate @{ SkuId = ''CPU''; Meter = ''Vcpu''; UnitPrice = 0.03; Period = ''Hour'' }, @{ SkuId = ''DISK''; Meter = ''StorageGiB''; StoragePolicy = ''Standard''; UnitPrice = 0.10; Period = ''Month'' } -RateFactor @{ Scope = ''Org''; Match = ''acme''; Factor = 0.90 }'; Remarks = 'vCPU-hours while powered on and GiB-months of Standard disks while allocated, 10 % off for acme.' }
        @{ Title = 'From a hashtable'; Code = 'New-VCloudRateCard -InputObject @{ rateCardId = ''x''; currency = ''USD''; rates = @(@{ skuId = ''CPU''; meter = ''Vcpu''; unitPrice = 0.02 }) }'; Remarks = 'The hashtable has the same shape as the JSON file.' }
        @{ Title = 'Validate a file'; Code = 'New-VCloudRateCard -Path ./ratecard.json'; Remarks = 'Stops with RateCardInvalid listing every problem with its line and field.' }
    )
    Inputs      = @(@{ Type = 'System.Collections.IDictionary'; Description = 'Hashtables with the rate card shape (-InputObject).' })
    Outputs     = @(@{ Type = 'VCloudPS.Core.Charging.RateCard'; Description = 'A validated rate card.' })
    Notes       = 'Errors: RateCardInvalid (unknown meter, negative price, overlapping versions, missing currency, unknown fields...), RateCardNotFound.'
    Links       = @('Get-VAppCharge')
}
