# placeholder: replaced by the MAML generator
param([string] $ModulePath, [string] $HelpSource)
