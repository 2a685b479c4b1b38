using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Otp;

internal static class OutboxApi
{
    /// <summary><c>GET /dev/outbox</c>: mapped only in Development with the Outbox sender, so it cannot exist in production.</summary>
    public static void MapOutboxApi(this WebApplication app)
    {
        // Decided from configuration, not by resolving the sender: mapping happens before the host has started.
        var provider = app.Configuration[$"{SmsOptions.Section}:{nameof(SmsOptions.Provider)}"];
        if (!app.Environment.IsDevelopment() || provider != SmsOptions.OutboxProvider)
        {
            return;
        }

        app.MapGet("/dev/outbox", ListMessages)
            .WithName("DevOutbox")
            .WithSummary("Development only: the last texts the Outbox sender kept instead of sending.")
            .ExcludeFromDescription();
    }

    private static Ok<OutboxMessage[]> ListMessages(OutboxSmsSender outbox, string? verificationId)
    {
        var messages = outbox.Snapshot();
        if (verificationId is not null)
        {
            var clientRef = VerificationId.TryParse(verificationId, out var id) ? id.LookupHash : null;
            messages = [.. messages.Where(m => m.ClientRef == clientRef)];
        }

        return TypedResults.Ok(messages);
    }
}
