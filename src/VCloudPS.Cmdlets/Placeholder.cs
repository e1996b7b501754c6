namespace VCloudPS.Cmdlets { internal static class Placeholder { } }
