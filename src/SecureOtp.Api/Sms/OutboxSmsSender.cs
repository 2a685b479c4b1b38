using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Sms;

/// <summary>
/// The Development sender: keeps the last <see cref="Capacity"/> texts in memory for <c>GET /dev/outbox</c>
/// instead of sending them. Refused outside Development by <see cref="SmsOptionsValidator"/>.
/// </summary>
internal sealed class OutboxSmsSender(TimeProvider time) : ISmsSender, ISmsProvider
{
    public const int Capacity = 100;

    public const string ProviderName = Routing.ProviderNames.Outbox;

    public string Name => ProviderName;

    private readonly ConcurrentQueue<OutboxMessage> messages = new();

    public async Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken) =>
        (await TrySendAsync(message, cancellationToken)).ToSmsSendResult();

    public Task<ProviderSendResult> TrySendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        // A Vonage-like message id, so a developer can post a delivery receipt for it (Development takes them unsigned).
        var messageId = RandomNumberGenerator.GetHexString(16);
        messages.Enqueue(new OutboxMessage(Redact.Phone(message.To), message.Text, message.ClientRef, messageId, time.GetUtcNow())
        {
            RecipientHash = OutboxMessage.HashOf(message.To),
        });
        while (messages.Count > Capacity && messages.TryDequeue(out _))
        {
        }

        return Task.FromResult<ProviderSendResult>(new ProviderSendResult.Sent([messageId]));
    }

    /// <summary>Newest first.</summary>
    public OutboxMessage[] Snapshot() => messages.Reverse().ToArray();
}

/// <summary>A text as the outbox shows it: the number masked, the text whole (it is only ever shown in Development).</summary>
/// <param name="MessageId">What a delivery receipt for this text names as <c>messageId</c>.</param>
public sealed record OutboxMessage(string To, string Text, string ClientRef, string MessageId, DateTimeOffset SentAt)
{
    /// <summary>The full number's hash, for <c>GET /dev/outbox?phoneNumber=…</c>: the outbox never shows the number itself.</summary>
    [JsonIgnore]
    internal byte[] RecipientHash { get; init; } = [];

    internal static byte[] HashOf(string phoneNumber) => SHA256.HashData(Encoding.UTF8.GetBytes(phoneNumber));

    internal bool IsTo(string phoneNumber) => CryptographicOperations.FixedTimeEquals(RecipientHash, HashOf(phoneNumber));
}
