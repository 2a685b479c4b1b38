// The routing figures (issue 23): one provider failing in one country (DemotionRun) and what failover costs a send
// (FailoverCost), against one redis-server and the fake Vonage + Twilio, the service in processes of its own (Release).
//
//   dotnet SecureOtp.DeliveryFigures.dll routing [out-dir] [--seconds N] [--cost-only]
//   (default out-dir benchmarks/results/routing; benchmarks/delivery/run-routing.sh builds and runs it)
using System.Text.Json;
using SecureOtp.Testing.Redis;

namespace SecureOtp.DeliveryFigures;

internal static class RoutingRun
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<int> MainAsync(string root, string[] args)
    {
        var costOnly = args.Contains("--cost-only");
        var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(150);
        var output = Path.GetFullPath(args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _))
            ?? Path.Combine(root, "benchmarks", "results", "routing"));
        Directory.CreateDirectory(output);

        using var redis = RedisServer.Start();
        using var fake = FakeProvider.Start(root, DemotionRun.Signature.Secret, DemotionRun.Signature.Method);
        DemotionFigures? demotion = null;
        if (!costOnly)
        {
            Console.WriteLine($"== one provider failing in one country ({seconds} s)");
            demotion = await DemotionRun.RunAsync(root, redis, fake, TimeSpan.FromSeconds(seconds), TimeSpan.FromMilliseconds(500));
        }

        Console.WriteLine("== failover cost");
        var costs = await FailoverCost.RunAsync(root, redis, fake);
        var figures = new RoutingFigures($"{Environment.ProcessorCount} cores, shared with other jobs while it ran", demotion, costs);
        await File.WriteAllTextAsync(Path.Combine(output, "results.json"), JsonSerializer.Serialize(figures, Indented));
        await File.WriteAllTextAsync(Path.Combine(output, "results.md"), figures.Markdown());
        Console.WriteLine(figures.Markdown());
        Console.WriteLine($"written: {output}/results.json, results.md");
        return 0;
    }
}
