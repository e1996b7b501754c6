# The HTML report end to end: records from a simulator seeded with the acceptance cases, the file written by
# Export-VCloudReport, rendered by headless Chromium (Debian's chromium; build.ps1 installs it where it can, otherwise the
# rendering test is skipped with a notice), the DOM read back and compared with the records; screenshots kept in
# out/test-results.

BeforeDiscovery {
    $script:Chromium = Get-Command chromium -ErrorAction Ignore
    if (-not $script:Chromium) { Write-Host 'NOTICE: chromium not found: the HTML report rendering test is skipped.' }
}

BeforeAll {
    Import-Module "$PSScriptRoot/TestHelpers.psm1" -Force
    Import-VCloudPSUnderTest
    $script:RepoRoot = (Resolve-Path "$PSScriptRoot/../..").Path
    $script:Sim = Start-TestSimulator -Seed (Join-Path $RepoRoot 'tests/data/seeds/charging-sla.json')
    $admin = Get-TestUser $Sim -Name administrator -Org System
    $script:Conn = Connect-VCloud -Server $Sim.Url -Org System -Credential ([pscredential]::new('administrator', $admin.Password))
    $card = Join-Path $RepoRoot 'examples/ratecard.json'
    $script:Charges = @(Get-VAppCharge -Org ent -Start 2024-04-01 -End 2024-05-01 -RateCard $card -WarningAction SilentlyContinue)
    $script:Sla = @($Charges | Get-VAppSla -Org ent -Objective 99.9 -Start 2024-04-01 -End 2024-05-01 -MaintenanceWindow '2024-04-20T02:00Z/2024-04-20T04:00Z' -WarningAction SilentlyContinue)
    $script:Results = Join-Path $RepoRoot 'out/test-results'
    New-Item -ItemType Directory -Force $Results | Out-Null

    function Invoke-Chromium([string[]] $Arguments) {
        $chromium = (Get-Command chromium).Source
        # Root (CI) needs --no-sandbox; nothing is fetched: the report is a local file with no external references.
        $all = @('--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--no-first-run', '--disable-extensions') + $Arguments
        $out = & $chromium @all 2>$null
        return ($out -join "`n")
    }
    function Get-Number([string] $Text) { [decimal]::Parse(($Text -replace '[^0-9.\-]', ''), [cultureinfo]::InvariantCulture) }
}

AfterAll {
    Get-VCloudConnection | Disconnect-VCloud -ErrorAction SilentlyContinue
    Stop-TestSimulator $script:Sim
}

Describe 'Export-VCloudReport' {
    It 'writes one self-contained HTML file from parameters or the pipeline' {
        $path = Join-Path $TestDrive 'report.html'
        $file = Export-VCloudReport -Charge $Charges -Sla $Sla -Path $path -Title 'April 2024' -PassThru
        $file.FullName | Should -Be $path
        $html = Get-Content $path -Raw
        $html | Should -Match '<title>April 2024</title>'
        $html | Should -Not -Match '<script|<link|<img|@import|\s(src|href)\s*='
        $piped = Join-Path $TestDrive 'piped.html'
        @($Charges) + @($Sla) | Export-VCloudReport -Path $piped
        (Get-Content $piped -Raw) | Should -Be $html.Replace('<title>April 2024</title>', '<title>vCloud charge-back and SLA report</title>').Replace('<h1>April 2024</h1>', '<h1>vCloud charge-back and SLA report</h1>')
    }

    It 'honours -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.html'
        Export-VCloudReport -Charge $Charges -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'renders in headless Chromium with the records'' totals and percentages' -Skip:(-not $script:Chromium) {
        $path = Join-Path $Results 'report.html'
        Export-VCloudReport -Charge $Charges -Sla $Sla -Path $path -Title 'ent, April 2024'
        $uri = ([uri]$path).AbsoluteUri
        $dom = Invoke-Chromium @('--dump-dom', $uri)
        $dom | Should -Match '<svg'
        # Totals shown equal the records' sums.
        $billed = [decimal]0; foreach ($c in $Charges) { $billed += $c.BilledCost }
        $list = [decimal]0; foreach ($c in $Charges) { $list += $c.ListCost }
        Get-Number ([regex]::Match($dom, 'id="total-billed"[^>]*>([^<]+)<').Groups[1].Value) | Should -Be $billed
        Get-Number ([regex]::Match($dom, 'id="total-list"[^>]*>([^<]+)<').Groups[1].Value) | Should -Be $list
        [regex]::Match($dom, 'id="sla-missed"[^>]*>([^<]+)<').Groups[1].Value | Should -Be "$(@($Sla | Where-Object SloMet -eq $false).Count)"
        # Per vApp: the billed cost shown is the sum of its lines.
        foreach ($g in $Charges | Where-Object x_VAppId | Group-Object x_VAppId) {
            $sum = [decimal]0; foreach ($c in $g.Group) { $sum += $c.BilledCost }
            $cell = [regex]::Match($dom, '<tr data-key="' + [regex]::Escape($g.Name) + '">(?:<td[^>]*>[^<]*</td>){4}<td[^>]*>([^<]+)</td>').Groups[1].Value
            Get-Number $cell | Should -Be $sum -Because "vApp $($g.Group[0].x_VAppName)"
        }
        # Per vApp: the availability shown is the record's (truncated to 4 decimals).
        foreach ($r in $Sla) {
            $row = [regex]::Match($dom, '<tr data-key="' + [regex]::Escape($r.VAppId) + '"><td>[^<]*</td><td>[^<]*</td><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td>')
            $row.Success | Should -BeTrue -Because "vApp $($r.VAppName) has a row"
            if ($null -eq $r.AvailabilityPercent) { $row.Groups[1].Value | Should -Be 'n/a' }
            else { Get-Number $row.Groups[1].Value | Should -Be $r.AvailabilityPercent -Because "vApp $($r.VAppName)" }
            Get-Number $row.Groups[2].Value | Should -Be $r.TargetPercent
        }
        $dom | Should -Match 'class="maintenance"'
        $dom | Should -Match 'class="unplanned"'
        # Screenshots for people: desktop and phone widths.
        $null = Invoke-Chromium @('--window-size=1100,2400', "--screenshot=$(Join-Path $Results 'report.png')", $uri)
        $null = Invoke-Chromium @('--window-size=390,2400', "--screenshot=$(Join-Path $Results 'report-phone.png')", $uri)
        (Get-Item (Join-Path $Results 'report.png')).Length | Should -BeGreaterThan 10000
        (Get-Item (Join-Path $Results 'report-phone.png')).Length | Should -BeGreaterThan 10000
    }

    It 'stays legible with one vApp' -Skip:(-not $script:Chromium) {
        $one = @($Charges | Where-Object x_VAppName -eq 'shop')
        $path = Join-Path $Results 'report-one.html'
        Export-VCloudReport -Charge $one -Sla @($Sla | Where-Object VAppName -eq 'shop') -Path $path
        $dom = Invoke-Chromium @('--dump-dom', ([uri]$path).AbsoluteUri)
        ([regex]::Matches($dom, '<tr data-key=')).Count | Should -Be 2
        $dom | Should -Not -Match 'others \('
        $null = Invoke-Chromium @('--window-size=1100,1600', "--screenshot=$(Join-Path $Results 'report-one.png')", ([uri]$path).AbsoluteUri)
    }
}
