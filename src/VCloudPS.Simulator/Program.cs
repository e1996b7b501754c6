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
            Console.Error.WriteLine("usage: VCloudPS.Simulator [--seed enterprise|provider|<file.json>] [--urls http://127.0.0.1:0] [--now <iso>] [--freeze-clock] [--generate-vapps N] [--data-dir <dir>] [--api-versions 36.0,37.0] [--log] [--exit-with-stdin]");
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
        var shutdown = host.WaitForShutdownAsync();
        if (options.ExitWithStdin) await Task.WhenAny(shutdown, Task.Run(DrainStandardInput));
        else await shutdown;
        return 0;
    }

    /// <summary>Returns when standard input ends: the process holding its other end has exited.</summary>
    private static void DrainStandardInput()
    {
        using var input = Console.OpenStandardInput();
        var buffer = new byte[256];
        while (input.Read(buffer, 0, buffer.Length) > 0) { }
    }
}
