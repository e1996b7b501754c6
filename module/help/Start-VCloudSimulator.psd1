@{
    Synopsis    = 'Starts the bundled vCloud Director API simulator on a loopback port.'
    Description = 'Start-VCloudSimulator runs the simulator shipped in the module (simulator/VCloudPS.Simulator.dll) as a child process, waits until it listens, and returns an object with its Url, ProcessId, the seed''s organization administrator as Credential (user@org), the provider administrator as ProviderCredential, and every seeded user with org, role, password and API token (SecureStrings: it is a simulator, but secrets stay secrets). Use it for demos and to test runbooks offline; stop it with Stop-VCloudSimulator.'
    Parameters  = @{
        Seed            = 'enterprise (org ent with the 4-VM vApp shop), provider (tenant org acme and System), or the path of a JSON seed file (format in simulator/README.md in the module folder).'
        GenerateVApps   = 'Add this many generated vApps spread over the seed''s organizations and VDCs (for scale tests and benchmarks).'
        Port            = 'TCP port on 127.0.0.1; 0 (default) picks a free one.'
        Now             = 'Start the simulated clock at this instant (reproducible reports).'
        DataDirectory   = 'Folder for simulated disk contents (default: a temporary folder).'
        TimeoutSec = 'Seconds to wait for the simulator to report it is listening (default 60; alias -StartTimeoutSec).'
    }
    Examples    = @(
        @{ Title = 'Start and connect'; Code = '$sim = Start-VCloudSimulator -Seed enterprise; Connect-VCloud -Server $sim.Url -Credential $sim.Credential'; Remarks = 'Starts the enterprise cloud and logs in as its organization administrator.' }
        @{ Title = 'Log in with an API token'; Code = '$u = $enterprise.Users | Where-Object Name -eq admin; Connect-VCloud -Server $enterprise.Url -Org $u.Org -ApiToken $u.ApiToken'; Remarks = 'Uses the seeded API token of user admin.' }
        @{ Title = 'A large inventory'; Code = '$big = Start-VCloudSimulator -GenerateVApps 1000; Get-VApp -Server ($big | Connect-VCloud -NotDefault) | Measure-Object'; Remarks = 'Adds 1,000 vApps for scale tests (up to 1,000,000 can be generated).' }
    )
    Outputs     = @(@{ Type = 'VCloudPS.Cmdlets.SimulatorInstance'; Description = 'The running simulator.' })
    Links       = @('Stop-VCloudSimulator', 'Connect-VCloud')
}
