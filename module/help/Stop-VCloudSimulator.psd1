@{
    Synopsis    = 'Stops simulators started by Start-VCloudSimulator.'
    Description = 'Stop-VCloudSimulator kills the simulator process (and its children) and forgets every connection to it.'
    Parameters  = @{ Simulator = 'The simulator object(s) returned by Start-VCloudSimulator, also from the pipeline.' }
    Examples    = @(
        @{ Title = 'Stop a simulator'; Code = '$enterprise | Stop-VCloudSimulator'; Remarks = 'Stops it and drops its connections.' }
        @{ Title = 'Stop two'; Code = 'Stop-VCloudSimulator -Simulator $enterprise, $provider'; Remarks = 'Stops both clouds of the demo.' }
    )
    Inputs      = @(@{ Type = 'VCloudPS.Cmdlets.SimulatorInstance'; Description = 'Simulators to stop.' })
    Outputs     = @(@{ Type = 'None'; Description = 'Nothing.' })
    Links       = @('Start-VCloudSimulator')
}
