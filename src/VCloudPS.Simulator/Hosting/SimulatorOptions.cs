namespace VCloudPS.Simulator.Hosting;

/// <summary>Start-up options (command line: --seed, --urls, --now, --generate-vapps, --data-dir, --freeze-clock, --log,
/// --exit-with-stdin, --https-certificate file.pfx [--https-certificate-password pw]).</summary>
public sealed class SimulatorOptions
{
    /// <summary>"enterprise", "provider" or a path to a JSON seed file.</summary>
    public string Seed { get; set; } = "enterprise";
    public string Urls { get; set; } = "http://127.0.0.1:0";
    /// <summary>Simulated time at start; default the seed's "now", else real UTC now.</summary>
    public DateTime? Now { get; set; }
    /// <summary>Start with the clock frozen (it then moves only through POST /sim/clock).</summary>
    public bool FreezeClock { get; set; }
    public int GenerateVApps { get; set; }
    /// <summary>Folder for disk files of transfers; default a new temp folder.</summary>
    public string? DataDir { get; set; }
    /// <summary>Override the seed's API version list (e.g. "33.0", "37.2:deprecated", "39.0.0-alpha").</summary>
    public IReadOnlyList<string>? ApiVersions { get; set; }
    /// <summary>Fixed simulated duration of every automatic task (tests); default random 0.2–1.5 s.</summary>
    public TimeSpan? TaskDuration { get; set; }
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>Random seed of the history and inventory generators.</summary>
    public int RandomSeed { get; set; } = 42;
    public bool Logging { get; set; }
    /// <summary>Stop when standard input reaches its end: the process that started us (and holds the pipe) is gone.</summary>
    public bool ExitWithStdin { get; set; }

    /// <summary>Serve HTTPS with this certificate (with its private key); the default URL becomes https://127.0.0.1:0.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; set; }

    public static SimulatorOptions Parse(string[] args)
    {
        var o = new SimulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i].ToLowerInvariant())
            {
                case "--seed": o.Seed = Next(); break;
                case "--urls": o.Urls = Next(); break;
                case "--now": o.Now = DateTime.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal); break;
                case "--freeze-clock": o.FreezeClock = true; break;
                case "--generate-vapps": o.GenerateVApps = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--data-dir": o.DataDir = Next(); break;
                case "--api-versions": o.ApiVersions = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                case "--random-seed": o.RandomSeed = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--log": o.Logging = true; break;
                case "--https-certificate": o.CertificatePath = Next(); break;
                case "--https-certificate-password": o.CertificatePassword = Next(); break;
                case "--exit-with-stdin": o.ExitWithStdin = true; break;
                default: throw new ArgumentException($"Unknown option {args[i]}");
            }
        }
        if (o.CertificatePath != null)
        {
            o.Certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(o.CertificatePath, o.CertificatePassword);
            if (o.Urls.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) o.Urls = "https://" + o.Urls["http://".Length..];
        }
        return o;
    }

    /// <summary>--https-certificate: a PKCS#12 file with the server certificate and key.</summary>
    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
}
