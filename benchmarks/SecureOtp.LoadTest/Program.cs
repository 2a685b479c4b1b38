using System.CommandLine;
using SecureOtp.LoadTest;

var url = new Option<string>("--url") { Description = "Base URL of the running service (loopback only)", Required = true };
var providerUrl = new Option<string?>("--provider-url") { Description = "Base URL of the fake Vonage server (needed by verify-right, flow, and a mix with verify-right)" };
var floorUrl = new Option<string?>("--floor-url")
{
    Description = "Base URL of the floor (benchmarks/SecureOtp.Floor): each scenario also runs against it, right after the service, and rows gain service ÷ floor ratios",
};
var apiKey = new Option<string>("--api-key") { Description = "API key with otp:send and otp:verify", Required = true };
var scenarios = new Option<string>("--scenarios")
{
    Description = $"Comma-separated: {string.Join(", ", ScenarioCatalog.Names)} (a baseline is measured before each scenario and is its ratio's denominator)",
    DefaultValueFactory = _ => string.Join(",", ScenarioCatalog.Names),
};
var mix = new Option<string>("--mix")
{
    Description = $"mixed: kind=weight pairs, kinds from {string.Join(", ", OperationMix.Kinds)}; picked by weighted round-robin",
    DefaultValueFactory = _ => "verify-wrong=6,verify-right=2,send=2",
};
var connections = new Option<int>("--connections", "-c") { Description = "Concurrent workers = HTTP connections", DefaultValueFactory = _ => 64 };
var duration = new Option<double>("--duration", "-d") { Description = "Measured seconds per scenario", DefaultValueFactory = _ => 10 };
var warmup = new Option<double>("--warmup", "-w") { Description = "Warm-up seconds per scenario, excluded from the figures", DefaultValueFactory = _ => 3 };
var rate = new Option<double>("--rate")
{
    Description = "Open loop: total arrivals per second, latency measured from each request's intended start. 0 = closed loop",
    DefaultValueFactory = _ => 0,
};
var maxAttempts = new Option<int>("--max-attempts") { Description = "The service's Otp:MaxAttempts (wrong codes used per verification)", DefaultValueFactory = _ => 5 };
var pool = new Option<int>("--pool")
{
    Description = "verify-wrong, verify-right: live verifications created (topped up) before each slice; in mixed, scaled by the kind's share",
    DefaultValueFactory = _ => 6000,
};
var rightPool = new Option<int>("--right-pool")
{
    Description = "verify-right: verifications created (topped up) before each slice; each is consumed by one op, so size it to ops/s × slice seconds",
    DefaultValueFactory = _ => 50_000,
};
var cpuPids = new Option<string?>("--cpu-pids")
{
    Description = "name=pid,...: report each process's CPU time per operation (read from /proc), e.g. service=123,redis-server=456",
};
var otpTtl = new Option<double>("--otp-ttl") { Description = "The service's Otp:Ttl in seconds: pooled verifications are dropped before they expire", DefaultValueFactory = _ => 300 };
var rounds = new Option<int>("--rounds", "-r") { Description = "Rounds of (baseline slice, scenario slice) per scenario; ratios are medians over rounds", DefaultValueFactory = _ => 3 };
var soakPid = new Option<int?>("--soak-pid") { Description = "Soak: sample this process's RSS (/proc/<pid>/status) while one scenario runs for --duration, one round, no baseline" };
var soakSample = new Option<double>("--soak-sample") { Description = "Soak: seconds between RSS samples", DefaultValueFactory = _ => 10 };
var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for results.json, results.md, latency.svg (and rss.svg when soaking)" };

var root = new RootCommand("Closed/open-loop HTTP load for SecureOtp on loopback; figures are reported as ratios of a baseline measured in the same run.")
{
    url, providerUrl, floorUrl, apiKey, scenarios, mix, connections, duration, warmup, rate, maxAttempts, pool, rightPool, cpuPids, otpTtl, rounds, soakPid, soakSample, output,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var settings = new LoadSettings(
        new Uri(parse.GetValue(url)!), parse.GetValue(providerUrl) is { } p ? new Uri(p) : null, parse.GetValue(apiKey)!,
        [.. parse.GetValue(scenarios)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        parse.GetValue(connections), TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)),
        parse.GetValue(rate), parse.GetValue(maxAttempts), parse.GetValue(pool), Math.Clamp(parse.GetValue(rounds), 1, 20), parse.GetValue(output))
    {
        Mix = parse.GetValue(mix)!,
        FloorUrl = parse.GetValue(floorUrl) is { } f ? new Uri(f) : null,
        RightPool = Math.Clamp(parse.GetValue(rightPool), 100, 200_000),
        CpuPids = parse.GetValue(cpuPids),
        OtpTtl = TimeSpan.FromSeconds(Math.Max(30, parse.GetValue(otpTtl))),
        SoakPid = parse.GetValue(soakPid),
        SoakSample = TimeSpan.FromSeconds(Math.Clamp(parse.GetValue(soakSample), 1, 3600)),
    };
    return await LoadRunner.RunAsync(settings, cancellationToken);
});

return await root.Parse(args).InvokeAsync();
