using Microsoft.AspNetCore.Http.HttpResults;
using SecureOtp.Api.Errors;
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

    /// <summary>Newest first; narrowed to one verification's texts, to one number's, or both (a test's many users share one outbox).</summary>
    private static Results<Ok<OutboxMessage[]>, ValidationProblem> ListMessages(OutboxSmsSender outbox, string? verificationId, string? phoneNumber)
    {
        if (phoneNumber is not null && !RequestValidation.IsE164(phoneNumber))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["phoneNumber"] = ["must be E.164: + then 8 to 15 digits."] });
        }

        var messages = outbox.Snapshot();
        if (verificationId is not null)
        {
            var idHash = VerificationId.TryParse(verificationId, out var id) ? id.LookupHash : null;
            messages = [.. messages.Where(m => Delivery.DeliveryReference.TryParse(m.ClientRef, out var r) && r.IdHash == idHash)];
        }

        if (phoneNumber is not null)
        {
            messages = [.. messages.Where(m => m.IsTo(phoneNumber))];
        }

        return TypedResults.Ok(messages);
    }
}
