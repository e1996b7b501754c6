# Default views as a user sees them: every default table keeps its key columns at 80 columns without wrapping a
# header, and shows more at 120; list and CSV output carry no raw XML. Rendered against the two seeded simulators.

BeforeDiscovery {
    # Key columns of each default table view (labels as printed) and how to get objects that use it.
    $script:Views = @(
        @{ View = 'Connection'; Keys = 'Server', 'Org', 'User', 'ApiVersion', 'Default', 'IsConnected'; Get = { Get-VCloudConnection } }
        @{ View = 'Simulator'; Keys = 'Seed', 'Url', 'ProcessId', 'Credential'; Get = { $Ent, $Prov } }
        @{ View = 'SimulatorUser'; Keys = 'Org', 'Name', 'Role'; Get = { $Ent.Users } }
        @{ View = 'Org'; Keys = 'Name', 'FullName', 'IsEnabled'; Get = { Get-VCloudOrg -Server $ProvConn } }
        @{ View = 'Org#Server'; Keys = 'Server', 'Name', 'FullName'; Get = { Get-VCloudOrg -Server $EntConn, $ProvConn } }
        @{ View = 'Vdc'; Keys = 'Name', 'AllocationModel', 'CPU GHz', 'Memory GB', 'Storage GB'; Get = { Get-VCloudVdc -Server $ProvConn } }
        @{ View = 'Vdc#Server'; Keys = 'Server', 'Name', 'CPU GHz', 'Memory GB', 'Storage GB'; Get = { Get-VCloudVdc -Server $EntConn, $ProvConn } }
        @{ View = 'Catalog'; Keys = 'Name', 'OrgName', 'Templates'; Get = { Get-VCloudCatalog } }
        @{ View = 'Catalog#Server'; Keys = 'Server', 'Name', 'Templates'; Get = { Get-VCloudCatalog -Server $EntConn, $ProvConn } }
        @{ View = 'VApp'; Keys = 'Name', 'Status', 'VdcName', 'VMs', 'CPUs', 'MemoryGB', 'StorageGB'; Get = { Get-VApp } }
        @{ View = 'VApp#Server'; Keys = 'Server', 'Name', 'Status', 'VMs', 'CPUs', 'MemoryGB', 'StorageGB'; Get = { Get-VApp -Server $EntConn, $ProvConn } }
        @{ View = 'Vm'; Keys = 'Name', 'VAppName', 'Status', 'CPUs', 'MemoryGB', 'StorageGB', 'IpAddress'; Get = { Get-VApp -Name shop | Get-VAppVM } }
        @{ View = 'Vm#Server'; Keys = 'Server', 'Name', 'VAppName', 'Status', 'CPUs', 'MemoryGB', 'StorageGB'; Get = { Get-VAppVM -Server $EntConn, $ProvConn } }
        @{ View = 'VmDisk'; Keys = 'Name', 'SizeMB', 'StorageProfile'; Get = { (Get-VApp -Name shop | Get-VAppVM -Name db1).Disks } }
        @{ View = 'VmNic'; Keys = 'Index', 'Network', 'IpAddress', 'MacAddress'; Get = { (Get-VApp -Name shop | Get-VAppVM -Name db1).Nics } }
        @{ View = 'VAppTemplate'; Keys = 'Name', 'Catalog', 'Vdc', 'OrgName', 'Status'; Get = { Get-VAppTemplate } }
        @{ View = 'VAppTemplate#Server'; Keys = 'Server', 'Name', 'Catalog', 'Status'; Get = { Get-VAppTemplate -Server $EntConn, $ProvConn } }
        @{ View = 'ChargeRecord'; Keys = 'VApp', 'VM', 'SkuId', 'Quantity', 'Unit', 'BilledCost', 'Currency'; Get = { $Charges } }
        @{ View = 'RateCard'; Keys = 'RateCardId', 'Currency', 'Versions', 'Rates'; Get = { New-VCloudRateCard -Path $RateCardPath } }
        @{ View = 'SlaRecord'; Keys = 'VApp', 'Availability%', 'Target%', 'SloMet', 'DownMin', 'Credit%', 'Credit', 'Coverage%'; Get = { Get-VAppSla -Org acme -Objective 99.9 -Charge $Charges -Server $ProvConn } }
        @{ View = 'SlaOutage'; Keys = 'VApp', 'Start (UTC)', 'End (UTC)', 'Minutes', 'Classification', 'Counted'; Get = { Get-VAppSla -Org acme -Objective 99.9 -Server $ProvConn -Detailed | Where-Object { $_ -is [VCloudPS.Core.Sla.SlaOutage] } } }
        @{ View = 'ExportResult'; Keys = 'Source', 'Format', 'Files', 'SizeMB', 'Path'; Get = { $Export } }
        @{ View = 'ExportedFile'; Keys = 'Name', 'Size', 'SHA256'; Get = { $Export.Files } }
        @{ View = 'PackageTestResult'; Keys = 'IsValid', 'Files', 'Verified', 'SizeMB', 'Path', 'Problem'; Get = { Test-VAppPackage -Path $Export.Path } }
    )
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:Ent = Start-TestSimulator -Seed enterprise
    $script:Prov = Start-TestSimulator -Seed provider
    $script:ProvConn = Connect-VCloud -Server $Prov.Url -Credential $Prov.ProviderCredential
    $script:EntConn = Connect-VCloud -Server $Ent.Url -Credential $Ent.Credential
    $script:RateCardPath = Join-Path $PSScriptRoot '../../examples/ratecard.json'
    $script:Charges = @(Get-VAppCharge -Org acme -RateCard $RateCardPath -Server $ProvConn)
    $script:Out = Join-Path ([System.IO.Path]::GetTempPath()) "vcloudps-format-$PID"
    New-Item -ItemType Directory -Force $Out | Out-Null
    $script:Export = Get-VApp -Name reporting | Export-VApp -Path (Join-Path $Out 'reporting.ova')

    function Get-TableHeader([string] $Text) {
        # The header line, the line after it, and every non-empty line.
        $lines = @($Text -split '\r?\n' | Where-Object { $_.Trim() })
        [pscustomobject]@{ Header = $lines[0]; Rule = $lines[1]; Lines = $lines }
    }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Ent, $script:Prov
    Remove-Item $script:Out -Recurse -Force -ErrorAction Ignore
}

Describe 'Default table view <View>' -ForEach $Views {
    BeforeAll {
        $script:Objects = @(& $Get)
    }

    It 'has objects to render' {
        $Objects.Count | Should -BeGreaterThan 0
    }

    It 'keeps its key columns at <_> columns without wrapping a header' -ForEach 80, 120 {
        $width = $_
        $text = $Objects | Out-String -Width $width
        $t = Get-TableHeader $text
        $t.Rule | Should -Match '^[\s-]+$' -Because "the header of the $View view must be one line at $width columns:`n$text"
        foreach ($k in $Keys) { $t.Header | Should -Match "(^|\s)$([regex]::Escape($k))(\s|$)" -Because "column $k at $width columns:`n$text" }
        foreach ($l in $t.Lines) { $l.TrimEnd().Length | Should -BeLessOrEqual $width }
    }

    It 'shows at least as many columns at 120 as at 80' {
        $narrow = (Get-TableHeader ($Objects | Out-String -Width 80)).Rule
        $wide = (Get-TableHeader ($Objects | Out-String -Width 120)).Rule
        @($wide.Trim() -split '\s+').Count | Should -BeGreaterOrEqual @($narrow.Trim() -split '\s+').Count
    }
}

Describe 'Format views' {
    It 'give every column of a fixed table a width (<_>)' -ForEach @(Get-ChildItem (Join-Path $PSScriptRoot '../../module/formats') -Filter *.ps1xml | ForEach-Object Name) {
        [xml] $x = Get-Content (Join-Path $PSScriptRoot "../../module/formats/$_") -Raw
        foreach ($t in $x.SelectNodes('//TableControl')) {
            if ($t.SelectSingleNode('AutoSize')) { continue }
            $view = $t.ParentNode.Name
            foreach ($h in $t.SelectNodes('TableHeaders/TableColumnHeader')) {
                $h.SelectSingleNode('Width') | Should -Not -BeNullOrEmpty -Because "column $($h.Label) of view $view needs a width (a column without one is squeezed)"
            }
        }
    }
}

Describe 'Lists and CSV carry no raw XML' {
    It 'Format-List * on a VM stays short and XML-free, with the raw payload behind ExtensionData' {
        $vm = Get-VApp -Name shop | Get-VAppVM -Name db1
        $text = $vm | Format-List * | Out-String -Width 80
        @($text -split '\r?\n' | Where-Object { $_.Trim() }).Count | Should -BeLessThan 40
        $text | Should -Not -Match '<'
        $text | Should -Not -Match 'ExtensionData'
        $vm.ExtensionData | Should -BeOfType ([System.Xml.XmlElement])
        $vm.ExtensionData.LocalName | Should -Be 'Vm'
        $vm.ExtensionData.name | Should -Be 'db1'
        @($vm.psobject.Properties.Name) | Should -Not -Contain 'ExtensionData'
    }

    It 'Export-Csv of vApps starts with Name and has no XML column' {
        $csv = Join-Path $Out 'vapps.csv'
        Get-VApp | Export-Csv -Path $csv
        $header = (Get-Content $csv -TotalCount 1) -split ',' | ForEach-Object { $_.Trim('"') }
        $header[0] | Should -Be 'Name'
        $header | Should -Not -Contain 'ExtensionData'
        Get-Content $csv -Raw | Should -Not -Match '<'
        (Import-Csv $csv | Where-Object Name -EQ shop).NumberOfVMs | Should -Be 4
    }

    It 'Select-Object * of a VDC and an org starts with Name and leaves out the raw payload' {
        foreach ($o in (Get-VCloudVdc -Name ent-prod), (Get-VCloudOrg -Name ent)) {
            $props = @(($o | Select-Object *).psobject.Properties.Name)
            $props[0] | Should -Be 'Name'
            $props | Should -Not -Contain 'ExtensionData'
        }
    }
}

Describe 'Names instead of references' {
    It 'Get-VAppTemplate fills OrgName for a tenant and for a provider' {
        @(Get-VAppTemplate).OrgName | Sort-Object -Unique | Should -Be 'ent'
        @(Get-VAppTemplate -Server $ProvConn).OrgName | Sort-Object -Unique | Should -Be 'acme'
    }

    It 'disks show their storage policy by name, also when a disk overrides the VM''s policy' {
        $disks = (Get-VApp -Name shop | Get-VAppVM -Name db1).Disks
        $disks.StorageProfile | Should -Be @('Standard', 'Gold')
        $disks.StorageProfileHref | Should -Match '^https?://'
        ($disks | Out-String -Width 80) | Should -Not -Match 'http'
    }
}
