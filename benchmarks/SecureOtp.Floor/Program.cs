// The performance floor (issue 14): the least an OTP service must do per request, with the service's paths and JSON shapes
// so the load tool drives both unchanged. A yardstick, not a product: one file, no options classes, nothing shipped.
// Settings (environment): Floor__Redis, Floor__ProviderUrl, Floor__ApiKey, Floor__MaxAttempts, Floor__Limit.
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using SecureOtp.Floor;
using StackExchange.Redis;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders(); // the service logs one outcome line per request at Information; the floor logs nothing
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FloorJson.Default));
var config = builder.Configuration.GetSection("Floor");
var app = builder.Build();

var redis = await ConnectionMultiplexer.ConnectAsync(config["Redis"] ?? "127.0.0.1:6379");
var db = redis.GetDatabase();
var server = redis.GetServers()[0];
byte[] sendScript = await server.ScriptLoadAsync(Lua("send.lua")), verifyScript = await server.ScriptLoadAsync(Lua("verify.lua"));
// The key is hashed once here; each request hashes what it presents and compares digests in constant time, as the service does.
var keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(config["ApiKey"] ?? throw new InvalidOperationException("Floor__ApiKey is required")));
// A fresh HMAC key per process: the floor keeps nothing that must outlive it.
var hmacKey = RandomNumberGenerator.GetBytes(32);
var maxAttempts = config.GetValue("MaxAttempts", 5);
var limit = config.GetValue("Limit", 100_000); // per phone and per user per hour; run.sh sets it as high as the service's
var ttl = TimeSpan.FromMinutes(5);
var cooldown = TimeSpan.FromSeconds(30);
var window = TimeSpan.FromHours(1);
var provider = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
{
    BaseAddress = new Uri(config["ProviderUrl"] ?? throw new InvalidOperationException("Floor__ProviderUrl is required")),
};

app.MapGet("/health/live", () => Results.Ok());

app.MapPost("/otp/send", async (HttpRequest http, SendRequest body, CancellationToken cancel) =>
{
    if (!Authorized(http))
    {
        return Problem(401, "unauthorized");
    }

    if (body.UserId is not { Length: > 0 and <= 128 } userId || body.PhoneNumber is not { } phone || !Patterns.E164().IsMatch(phone))
    {
        return Problem(400, "validation_failed");
    }

    var purpose = body.Purpose ?? "login";
    var id = Base64Url(RandomNumberGenerator.GetBytes(30)); // 40 characters, like the service's handles
    var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    var phoneTag = Hmac("p", phone);
    var userTag = Hmac("u", userId);
    var now = TimeProvider.System.GetUtcNow();
    var stored = (int)await db.ScriptEvaluateAsync(sendScript,
        [$"floor:l:p:{phoneTag}", $"floor:l:u:{userTag}", $"floor:cd:{phoneTag}", $"floor:r:{id}"],
        [now.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, limit, id, (long)cooldown.TotalMilliseconds,
            (long)ttl.TotalSeconds, Hmac("c", id, userId, code), userTag, purpose]);
    if (stored != 0)
    {
        return Problem(429, stored == 1 ? "rate_limited" : "resend_too_soon");
    }

    // The same form the service's Vonage client posts; the text starts with the code, as the service's English template does,
    // and client-ref is a digest of the handle (as the service's), so the provider never holds a usable verification id.
    using var form = new FormUrlEncodedContent([
        new("api_key", "fake-key"), new("api_secret", "fake-secret"), new("from", "SecureOtp"), new("to", phone[1..]),
        new("text", $"{code} is your SecureOtp verification code. It expires in 5 min. Never share it."), new("client-ref", Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(id)))[..40])]);
    using var sent = await provider.PostAsync("/sms/json", form, cancel);
    var answer = await sent.Content.ReadFromJsonAsync(FloorJson.Default.VonageAnswer, cancel);
    if (!sent.IsSuccessStatusCode || answer?.Messages is not [{ Status: "0" }, ..])
    {
        await db.KeyDeleteAsync($"floor:r:{id}"); // no live code without a text
        return Problem(503, "sms_unavailable");
    }

    return Results.Json(new SendResponse(id, "pending", "sms", now + ttl, now + cooldown, maxAttempts),
        FloorJson.Default.SendResponse, statusCode: 202);
});

app.MapPost("/otp/verify", async (HttpRequest http, VerifyRequest body) =>
{
    if (!Authorized(http))
    {
        return Problem(401, "unauthorized");
    }

    // A handle the floor could never have issued is unknown without a Redis call (the load's verify-unknown scenario).
    if (body.VerificationId is not { Length: 40 } id || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
    {
        return Problem(404, "verification_not_found");
    }

    if (body.Code is not { Length: 6 } code || !code.All(char.IsAsciiDigit) || body.UserId is not { Length: > 0 and <= 128 } userId)
    {
        return Problem(400, "validation_failed");
    }

    // One HMAC binds id, user and code: a wrong user counts as a wrong code, as in the service.
    var reply = (RedisResult[])(await db.ScriptEvaluateAsync(verifyScript, [$"floor:r:{id}"],
        [Hmac("c", id, userId, code), maxAttempts, (long)TimeSpan.FromDays(1).TotalSeconds]))!;
    return (int)reply[0] switch
    {
        200 => Results.Json(new VerifyResponse("approved", id, userId, (string)reply[1]!), FloorJson.Default.VerifyResponse),
        400 => Problem(400, "incorrect_code", (int)reply[1]),
        410 => Problem(410, "verification_locked"),
        _ => Problem(404, "verification_not_found"),
    };
});

await app.RunAsync();

bool Authorized(HttpRequest http) =>
    http.Headers["X-Api-Key"].ToString() is { Length: > 0 } key
    && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), keyHash);

// Each use gets its own label so a phone tag can never equal a user tag or a code hash.
string Hmac(string label, params string[] parts) =>
    Base64Url(HMACSHA256.HashData(hmacKey, Encoding.UTF8.GetBytes(label + "\n" + string.Join('\n', parts))));

static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

static IResult Problem(int status, string type, int? attemptsRemaining = null) =>
    Results.Json(new ProblemBody(type, type.Replace('_', ' '), status, attemptsRemaining), FloorJson.Default.ProblemBody,
        "application/problem+json", status);

static string Lua(string name)
{
    using var stream = typeof(Patterns).Assembly.GetManifestResourceStream(name)!;
    return new StreamReader(stream).ReadToEnd();
}

namespace SecureOtp.Floor
{
    internal sealed record SendRequest(string? UserId, string? PhoneNumber, string? Purpose);

    internal sealed record SendResponse(string VerificationId, string Status, string Channel, DateTimeOffset ExpiresAt, DateTimeOffset ResendAfter, int MaxAttempts);

    internal sealed record VerifyRequest(string? VerificationId, string? Code, string? UserId);

    internal sealed record VerifyResponse(string Status, string VerificationId, string UserId, string Purpose);

    internal sealed record ProblemBody(string Type, string Title, int Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? AttemptsRemaining);

    internal sealed record VonageAnswer(IReadOnlyList<VonagePart>? Messages);

    internal sealed record VonagePart(string? Status);

    [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
    [JsonSerializable(typeof(SendRequest))]
    [JsonSerializable(typeof(SendResponse))]
    [JsonSerializable(typeof(VerifyRequest))]
    [JsonSerializable(typeof(VerifyResponse))]
    [JsonSerializable(typeof(ProblemBody))]
    [JsonSerializable(typeof(VonageAnswer))]
    internal sealed partial class FloorJson : JsonSerializerContext;

    internal static partial class Patterns
    {
        /// <summary>Strict E.164, the service's 400 rule: '+', then 8–15 digits, the first not 0.</summary>
        [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$")]
        public static partial Regex E164();
    }
}
