using VCloudPS.Simulator.Hosting;

namespace VCloudPS.Simulator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        SimulatorOptions options;
        try { options = SimulatorOptions.Parse(args); }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            Console.Error.WriteLine(ex.Message);
            Console.Error.WriteLine("usage: VCloudPS.Simulator [--seed enterprise|provider|<file.json>] [--urls http://127.0.0.1:0] [--now <iso>] [--freeze-clock] [--generate-vapps N] [--data-dir <dir>] [--api-versions 36.0,37.0] [--log]");
            return 2;
        }
        SimulatorHost host;
        try { host = await SimulatorHost.StartAsync(options); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or System.Text.Json.JsonException or FormatException or ArgumentException)
        {
            Console.Error.WriteLine(ex.Message);
            return 3;
        }
        await using var _ = host;
        Console.WriteLine($"SIMULATOR LISTENING {host.BaseUri.ToString().TrimEnd('/')}");
        Console.Out.Flush();
        await host.WaitForShutdownAsync();
        return 0;
    }
}
