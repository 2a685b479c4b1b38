using Microsoft.AspNetCore.Http.Json;
using SecureOtp.Api.Errors;
using SecureOtp.Api.Json;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Hosting;

/// <summary>
/// Cross-cutting registration ("service defaults") that every feature relies on and none owns: telemetry, the clock,
/// JSON, request limits, outbound HTTP, the start-up settings check and the shutdown drain. Features never depend on
/// this folder; Program.cs calls it first.
/// </summary>
internal static class ServiceDefaults
{
    /// <summary>No endpoint takes more than a few hundred bytes; Kestrel refuses larger bodies before reading them.</summary>
    public const long MaxRequestBodyBytes = 16 * 1024;

    public static void AddServiceDefaults(this WebApplicationBuilder builder)
    {
        builder.AddTelemetry();

        // The one clock (BannedSymbols.txt bans reading the system's directly); tests replace it with a fake.
        builder.Services.AddSingleton(TimeProvider.System);

        // Every body the API reads or writes, source-generated; instants as whole-second UTC.
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, SecureOtpJsonContext.Default);
            o.SerializerOptions.Converters.Add(new UtcSecondsConverter());

            // A property given twice is ambiguous (which one did the caller mean, which one did a proxy check?):
            // refuse it as a bad request instead of letting the last one win.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;

            // Kestrel answers a request over these with an empty body before any middleware runs: they sit above the
            // service's own limits, which RequestSizeGuard answers as problems.
            k.Limits.MaxRequestLineSize = RequestSizeGuard.KestrelHeadroom * RequestSizeGuard.MaxTargetLength;
            k.Limits.MaxRequestHeadersTotalSize = RequestSizeGuard.KestrelHeadroom * RequestSizeGuard.MaxHeaderBytes;
            k.Limits.MaxRequestHeaderCount = RequestSizeGuard.KestrelHeadroom * RequestSizeGuard.MaxHeaderCount;
        });
        ProviderHttpDefaults.Register(builder.Services);
        ShutdownDrain.Register(builder.Services);
        builder.Services.AddHostedService<SettingsFileCheck>();
    }
}
