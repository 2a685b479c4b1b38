namespace SecureOtp.Client.Http;

/// <summary>One logical call: what is sent on every attempt, with the same Idempotency-Key each time.</summary>
internal sealed record OtpCall(string Operation, HttpMethod Method, string Path, byte[]? JsonBody, string? IdempotencyKey, RetryRule Rule)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, new Uri(Path, UriKind.Relative));
        if (JsonBody is not null)
        {
            request.Content = new ByteArrayContent(JsonBody);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        if (IdempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", IdempotencyKey);
        }

        return request;
    }
}
