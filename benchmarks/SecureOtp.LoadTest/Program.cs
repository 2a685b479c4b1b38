using System.CommandLine;
using SecureOtp.LoadTest;

var url = new Option<string>("--url") { Description = "Base URL of the running service (loopback only)", Required = true };
var providerUrl = new Option<string?>("--provider-url") { Description = "Base URL of the fake Vonage server (needed by flow)" };
var apiKey = new Option<string>("--api-key") { Description = "API key with otp:send and otp:verify", Required = true };
var scenarios = new Option<string>("--scenarios")
{
    Description = "Comma-separated: baseline, verify-wrong, send, flow (a baseline is measured before each scenario and is its ratio's denominator)",
    DefaultValueFactory = _ => "baseline,verify-wrong,send,flow",
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
var pool = new Option<int>("--pool") { Description = "verify-wrong: live verifications created before the clock starts", DefaultValueFactory = _ => 6000 };
var rounds = new Option<int>("--rounds", "-r") { Description = "Rounds of (baseline slice, scenario slice) per scenario; ratios are medians over rounds", DefaultValueFactory = _ => 3 };
var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Folder for results.json and results.md" };

var root = new RootCommand("Closed/open-loop HTTP load for SecureOtp on loopback; figures are reported as ratios of a baseline measured in the same run.")
{
    url, providerUrl, apiKey, scenarios, connections, duration, warmup, rate, maxAttempts, pool, rounds, output,
};

root.SetAction(async (parse, cancellationToken) =>
{
    var settings = new LoadSettings(
        new Uri(parse.GetValue(url)!), parse.GetValue(providerUrl) is { } p ? new Uri(p) : null, parse.GetValue(apiKey)!,
        [.. parse.GetValue(scenarios)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        parse.GetValue(connections), TimeSpan.FromSeconds(parse.GetValue(duration)), TimeSpan.FromSeconds(parse.GetValue(warmup)),
        parse.GetValue(rate), parse.GetValue(maxAttempts), parse.GetValue(pool), Math.Clamp(parse.GetValue(rounds), 1, 20), parse.GetValue(output));
    return await LoadRunner.RunAsync(settings, cancellationToken);
});

return await root.Parse(args).InvokeAsync();
