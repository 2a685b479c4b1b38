using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Risk.Geo;

namespace SecureOtp.Benchmarks;

/// <summary>
/// What a send pays for libphonenumber: the geo check under the default <c>Risk:DeniedNumberTypes</c> (one parse and a
/// number-type lookup) and the calling-code lookup the country budget uses (no parse). NANP numbers are the dear case:
/// +1 is shared by 25 regions, each tried in turn.
/// </summary>
[MemoryDiagnoser]
public class GeoBenchmarks
{
    private GeoPermissions defaults = null!;

    /// <summary>A US number, a UK mobile, the fictitious UK range tests use, a UK premium-rate number (refused).</summary>
    [Params("+14155550100", "+447400123456", "+447700900123", "+449090123456")]
    public string Phone { get; set; } = "+14155550100";

    [GlobalSetup]
    public void Setup() => defaults = new GeoPermissions(Options.Create(new GeoOptions()));

    [Benchmark(Description = "Destination.Of (parse + number type)")]
    public int Classify() => (int)Destination.Of(Phone).Type; // Destination is internal; its type keeps the work observable

    [Benchmark(Description = "GeoPermissions.Refusal (defaults)")]
    public string? Refusal() => defaults.Refusal(Phone);

    [Benchmark(Description = "Destination.CallingCodeOf")]
    public int CallingCode() => Destination.CallingCodeOf(Phone);
}
