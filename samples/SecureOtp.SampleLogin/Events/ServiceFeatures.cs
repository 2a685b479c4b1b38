namespace SecureOtp.SampleLogin.Events;

/// <summary>
/// What the SecureOtp the app talks to can do, read once from its OpenAPI document: "call me instead" is offered only
/// when the service has the resend endpoint (voice channel).
/// </summary>
public sealed class ServiceFeatures(IHttpClientFactory factory, IConfiguration configuration)
{
    private readonly Lazy<Task<bool>> canResend = new(async () =>
    {
        try
        {
            using var http = factory.CreateClient();
            var document = await http.GetStringAsync(new Uri(new Uri(configuration["SecureOtp:BaseAddress"]!), "/openapi/v1.json"));
            return document.Contains("/resend", StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            return false;
        }
    });

    public Task<bool> CanResendAsync() => canResend.Value;
}
