namespace VCloudPS.Core { internal static class Placeholder { } }
