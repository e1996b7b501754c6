namespace VCloudPS.Simulator;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        await Task.CompletedTask;
        Console.WriteLine("placeholder");
        return 0;
    }
}
