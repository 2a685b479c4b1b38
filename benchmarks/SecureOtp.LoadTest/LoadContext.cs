using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SecureOtp.LoadTest;

/// <summary>One operation's outcome: the HTTP status (0 = no answer: timeout or connection error) and whether it was expected.</summary>
internal readonly record struct OpResult(int Status, bool Ok);

/// <summary>What every scenario shares: the HTTP clients and a run-wide counter that makes users and phone numbers unique.</summary>
internal sealed class LoadContext(HttpClient service, HttpClient? provider, string apiKey, int maxAttempts, TimeSpan otpTtl)
{
    private static readonly string RunId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    // Static: the service's and the floor's contexts share it, so no two requests of a run use the same user or number.
    private static long sequence;

    public HttpClient Service { get; } = service;

    /// <summary>The fake Vonage server's texts; only scenarios that report <see cref="Scenario.NeedsProvider"/> touch it.</summary>
    public ProviderInbox Inbox { get; } = new(provider);

    public int MaxAttempts { get; } = maxAttempts;

    /// <summary>
    /// How old a pooled verification may get before it is dropped unused: the service's Otp:Ttl less a margin, so a
    /// long run (a soak, or many rounds) never verifies against an expired record and counts a 404 as the service's fault.
    /// </summary>
    public TimeSpan PoolMaxAge { get; } = otpTtl - TimeSpan.FromSeconds(Math.Min(30, otpTtl.TotalSeconds / 4));

    /// <summary>
    /// How long a pooled verification must stay fresh after a slice's preparation: the planned slice plus a margin for a
    /// slice that ends late on a busy machine (see <see cref="VerificationPool.DropStale"/>).
    /// </summary>
    public TimeSpan SliceHeadroom { get; init; }

    /// <summary>A fresh user id and E.164 number (+1 555 …): no per-user/per-phone limit or cooldown is ever shared.</summary>
    public static (string UserId, string Phone) NextIdentity()
    {
        var n = Interlocked.Increment(ref sequence);
        return ($"lt-{RunId}-{n}", "+1" + (5_550_000_000L + n).ToString(CultureInfo.InvariantCulture));
    }

    public HttpRequestMessage Post(string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    /// <summary>POST /otp/send; the verification id when the answer is 202.</summary>
    public async Task<(int Status, string? VerificationId)> SendAsync(string userId, string phone, CancellationToken cancellationToken)
    {
        using var request = Post("/otp/send", $$"""{"userId":"{{userId}}","phoneNumber":"{{phone}}","purpose":"login"}""");
        using var response = await Service.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return ((int)response.StatusCode, null);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return (202, json.RootElement.GetProperty("verificationId").GetString());
    }

    public async Task<int> VerifyAsync(string verificationId, string code, string userId, CancellationToken cancellationToken)
    {
        using var request = Post("/otp/verify", $$"""{"verificationId":"{{verificationId}}","code":"{{code}}","userId":"{{userId}}"}""");
        using var response = await Service.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return (int)response.StatusCode;
    }
}
