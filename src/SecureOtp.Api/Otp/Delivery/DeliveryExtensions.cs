using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Otp.Delivery;

internal static class DeliveryExtensions
{
    /// <summary>Delivery tracking and the receipt webhook's services (the stores come with <c>AddOtpStorage</c>).</summary>
    public static void AddDeliveryReceipts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeliveryTracker>();
        builder.Services.AddSingleton<ReceiptAuthenticator>();
        builder.Services.AddSingleton<DeliveryReceiptService>();
        builder.Services.AddSingleton<ChannelFallback>();
        builder.Services.AddHostedService<ChannelTimeoutWorker>();
        builder.Services.AddHostedService<ReceiptSigningNotice>();
    }

    /// <summary>Says once, at start, why receipts will be refused (or taken unsigned), instead of leaving a 401 per receipt to explain it.</summary>
    /// <remarks>The authenticator is resolved in <see cref="StartAsync"/>, not injected: hosted services are built before the
    /// options are validated, and reading <c>Sms:*</c> that early would report its error alone, hiding the others.</remarks>
    private sealed class ReceiptSigningNotice(IServiceProvider services, ILogger<ReceiptSigningNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var authenticator = services.GetRequiredService<ReceiptAuthenticator>();
            if (authenticator.RefusesAll)
            {
                Log.ReceiptsRefusedWithoutSecret(logger);
            }
            else if (authenticator.AcceptsUnsigned)
            {
                Log.ReceiptsAcceptedUnsigned(logger);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
