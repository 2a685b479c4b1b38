using StandardWebhooks;

namespace SecureOtp.Api.Webhooks;

/// <summary>
/// The <c>webhook-signature</c> header: <c>v1,&lt;base64 HMAC-SHA256 of "id.timestamp.body"&gt;</c> per secret, space
/// separated, so a receiver that still holds an old secret during a rotation verifies as well as one with the new.
/// </summary>
internal static class WebhookSigner
{
    public static string Sign(string id, DateTimeOffset timestamp, string body, IReadOnlyList<byte[]> keys) =>
        string.Join(' ', keys.Select(key => new StandardWebhook(key).Sign(id, timestamp, body)));
}
