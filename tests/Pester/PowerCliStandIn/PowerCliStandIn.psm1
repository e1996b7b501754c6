# A stand-in for PowerCLI's vSphere module (VMware.VimAutomation.Core): it exports the same vApp cmdlet names and
# returns objects of the same type names, so tests can prove VCloudPS works side by side with it.
Set-StrictMode -Version Latest

if (-not ('VMware.VimAutomation.ViCore.Impl.V1.VAppImpl' -as [type])) {
    Add-Type -TypeDefinition @'
namespace VMware.VimAutomation.ViCore.Impl.V1
{
    public sealed class VAppImpl
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public string Status { get; set; }
        public string Href { get; set; }
        public override string ToString() { return Name; }
    }
}
namespace VMware.VimAutomation.ViCore.Impl.V1.Inventory
{
    public sealed class VMImpl
    {
        public string Name { get; set; }
        public string Id { get; set; }
        public override string ToString() { return Name; }
    }
}
'@
}

function New-StandInVApp([string] $Name) {
    [VMware.VimAutomation.ViCore.Impl.V1.VAppImpl]@{ Name = $Name; Id = "VirtualApp-resgroup-v$($Name.Length)"; Status = 'Started'; Href = '' }
}

function Get-VApp { [CmdletBinding()] param([Parameter(Position = 0)] [string[]] $Name = '*') foreach ($n in $Name) { New-StandInVApp ($n -replace '\*', 'vsphere-app') } }
function Start-VApp { [CmdletBinding()] param([Parameter(ValueFromPipeline, Position = 0)] $VApp) process { "PowerCLI Start-VApp $VApp" } }
function Stop-VApp { [CmdletBinding()] param([Parameter(ValueFromPipeline, Position = 0)] $VApp) process { "PowerCLI Stop-VApp $VApp" } }
function Remove-VApp { [CmdletBinding()] param([Parameter(ValueFromPipeline, Position = 0)] $VApp) process { "PowerCLI Remove-VApp $VApp" } }
function Import-VApp { [CmdletBinding()] param([Parameter(Position = 0)] $Source) "PowerCLI Import-VApp $Source" }
function Export-VApp { [CmdletBinding()] param([Parameter(ValueFromPipeline, Position = 0)] $VApp, $Destination) process { "PowerCLI Export-VApp $VApp" } }
function Move-VApp { [CmdletBinding()] param([Parameter(ValueFromPipeline, Position = 0)] $VApp, $Destination) process { "PowerCLI Move-VApp $VApp" } }

Export-ModuleMember -Function Get-VApp, Start-VApp, Stop-VApp, Remove-VApp, Import-VApp, Export-VApp, Move-VApp
