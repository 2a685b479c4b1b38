// The channel figures (issue 24): SMS failing for one country, and how much of the conversion the voice fallback wins
// back. Two phases against one redis-server and the fake provider (Vonage SMS, Voice), the service in a process of its
// own (Release): sends with channels ["sms"], then the same traffic with ["sms","voice"].
//
//   dotnet SecureOtp.DeliveryFigures.dll channels [out-dir] [--sends N]
//   (default out-dir benchmarks/results/channels; benchmarks/delivery/run-channels.sh builds and runs it)
using System.Text.Json;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

internal static class ChannelsRun
{
    /// <summary>The Vonage application's signature secret (≥ 32 bytes): the fake signs voice events with it.</summary>
    public const string EventSecret = "figures-application-signature-secret-0123";

    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> MainAsync(string root, string[] args)
    {
        var sends = args.SkipWhile(a => a != "--sends").Skip(1).Select(int.Parse).FirstOrDefault(60);
        var output = Path.GetFullPath(args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _))
            ?? Path.Combine(root, "benchmarks", "results", "channels"));
        Directory.CreateDirectory(output);

        using var key = VonageApplicationKey.Create();
        using var redis = RedisServer.Start();
        using var fake = FakeProvider.Start(root, DemotionRun.Signature.Secret, DemotionRun.Signature.Method,
            $"--FakeChannels:SignatureSecret={EventSecret}", $"--FakeSimSwap:VonagePublicKeyPath={key.PublicKeyPath}",
            $"--FakeSimSwap:ApplicationId={VonageApplicationKey.ApplicationId}");

        var phases = new List<ChannelPhaseFigures>();
        foreach (var channels in new[] { new[] { "sms" }, ["sms", "voice"] })
        {
            Console.WriteLine($"== channels [{string.Join(", ", channels)}]: {sends} sends per country");
            phases.Add(await ChannelPhase.RunAsync(root, redis, fake, key, channels, sends));
        }

        var figures = new ChannelFigures($"{Environment.ProcessorCount} cores, shared with other jobs while it ran", [.. phases]);
        await File.WriteAllTextAsync(Path.Combine(output, "results.json"), JsonSerializer.Serialize(figures, Indented));
        await File.WriteAllTextAsync(Path.Combine(output, "results.md"), figures.Markdown());
        Console.WriteLine(figures.Markdown());
        Console.WriteLine($"written: {output}/results.json, results.md");
        return 0;
    }
}
