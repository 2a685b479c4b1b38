using SecureOtp.Api.Sms;

namespace SecureOtp.Api.Channels;

/// <summary>
/// Delivers a code by a channel other than SMS (voice, WhatsApp), answering like an SMS provider does
/// (<see cref="ProviderSendResult"/>: sent / certainly not sent / unknown / number refused) so one delivery model serves
/// every channel. Never throws for a provider failure. Implementations never log the code or the full number.
/// </summary>
internal interface IChannelSender
{
    /// <summary>The provider's name for logs, labels and <c>GET /otp/{id}</c> (<c>vonage</c>).</summary>
    string Provider { get; }

    Task<ProviderSendResult> TrySendAsync(ChannelMessage message, CancellationToken cancellationToken);
}

/// <param name="To">E.164 destination.</param>
/// <param name="Code">The code itself: spoken or put in the template, never stored or logged.</param>
/// <param name="Locale">The request's locale (BCP 47), or null.</param>
/// <param name="Reference">Names the delivery attempt (<see cref="Otp.Delivery.DeliveryReference"/>): the channel's
/// provider carries it and its events bring it back ('' when none).</param>
internal sealed record ChannelMessage(string To, string Code, string? Locale, string Reference = "");
