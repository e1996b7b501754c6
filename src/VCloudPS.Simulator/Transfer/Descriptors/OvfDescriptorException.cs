namespace VCloudPS.Simulator.Transfer.Descriptors;

/// <summary>An uploaded descriptor the simulator refuses; the message becomes the task's Error message.</summary>
public sealed class OvfDescriptorException(string message, Exception? inner = null) : Exception(message, inner);
