using Microsoft.Extensions.Options;
using SecureOtp.Api.Otp.TestNumbers;

namespace SecureOtp.Api.Otp;

internal static class OtpExtensions
{
    public static void AddOtp(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OtpOptions>().BindConfiguration(OtpOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OtpOptions>, OtpOptionsValidator>();
        builder.Services.AddSingleton(sp => OtpOptions.KeyRing(sp.GetRequiredService<IOptions<OtpOptions>>().Value));
        builder.Services.AddTestNumbers();
        builder.Services.AddSingleton<IdempotencyProtector>();
        builder.Services.AddSingleton<CodeIssuer>();
        builder.Services.AddSingleton<OtpSendService>();
        builder.Services.AddSingleton<ResendService>();
        builder.Services.AddSingleton<OtpVerifyService>();
        builder.Services.AddSingleton<WarmUpClient>();
    }
}
