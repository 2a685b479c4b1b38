using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SecureOtp.FakeProvider.IdentityInsights;

namespace SecureOtp.FakeProvider.Channels;

/// <summary>
/// Vonage's Voice (<c>POST /v1/calls</c>) and Messages (<c>POST /v1/messages</c>) APIs as far as SecureOtp uses them:
/// the application JWT is checked as for Identity Insights (RS256 against <c>FakeSimSwap:VonagePublicKeyPath</c>), the
/// body's required fields are checked, and accepted requests are recorded. Control: <c>GET /channels/{voice|whatsapp}</c>
/// lists what was accepted, <c>POST /channels/faults</c> injects HTTP failures, <c>POST /channels/events</c> makes a
/// signed event (HS256 JWT with <c>payload_hash</c>, keyed by <c>FakeChannels:SignatureSecret</c>) for a recorded call
/// or message, <c>DELETE /channels</c> forgets everything.
/// </summary>
internal static class ChannelsApi
{
    public const string Voice = "voice";
    public const string WhatsApp = "whatsapp";

    public static void AddFakeChannels(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FakeChannels>();
    }

    public static void MapChannelsApi(this WebApplication app)
    {
        app.MapPost("/v1/calls", (HttpRequest r, FakeChannels s, VonageJwtVerifier jwt) => AcceptAsync(r, s, jwt, Voice));
        app.MapPost("/v1/messages", (HttpRequest r, FakeChannels s, VonageJwtVerifier jwt) => AcceptAsync(r, s, jwt, WhatsApp));
        app.MapGet("/channels/{channel}", (string channel, string? to, FakeChannels s) => TypedResults.Ok(s.Accepted(channel, to)));
        app.MapGet("/channels/stats", (FakeChannels s) => TypedResults.Ok(new { requests = s.Requests }));
        app.MapPost("/channels/faults", (ChannelFault fault, FakeChannels s) =>
        {
            s.AddFault(fault);
            return TypedResults.NoContent();
        });
        app.MapPost("/channels/events", SignEvent);
        app.MapDelete("/channels", (FakeChannels s) =>
        {
            s.Reset();
            return TypedResults.NoContent();
        });
    }

    private static async Task<IResult> AcceptAsync(HttpRequest request, FakeChannels state, VonageJwtVerifier jwt, string channel)
    {
        if (state.Arrive(channel) is { } fault)
        {
            return Results.Content(fault.Body ?? "", "application/json", statusCode: fault.HttpStatus);
        }

        if (jwt.FindError(request) is { } error)
        {
            return Results.Json(new { type = "unauthorized", title = error }, statusCode: StatusCodes.Status401Unauthorized);
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            body = null;
        }

        var (to, why) = channel == Voice ? CheckCall(body) : CheckMessage(body);
        if (to is null)
        {
            return Results.Json(new { type = "bad_request", title = why }, statusCode: StatusCodes.Status400BadRequest);
        }

        var id = Guid.NewGuid().ToString();
        var eventUrl = channel == Voice ? body!["event_url"]?[0]?.GetValue<string>() : null;
        state.Record(new RecordedChannelRequest(channel, id, to, body!, eventUrl));
        return channel == Voice
            ? Results.Json(new { uuid = id, status = "started", direction = "outbound", conversation_uuid = "CON-" + id }, statusCode: 201)
            : Results.Json(new { message_uuid = id }, statusCode: 202);
    }

    private static (string? To, string? Why) CheckCall(JsonNode? body)
    {
        var to = body?["to"]?[0];
        var talk = body?["ncco"]?[0];
        if (to?["type"]?.GetValue<string>() != "phone" || to["number"]?.GetValue<string>() is not { } number
            || body!["from"]?["type"]?.GetValue<string>() != "phone" || talk?["action"]?.GetValue<string>() != "talk"
            || talk["text"]?.GetValue<string>() is not { Length: > 0 and <= 1500 })
        {
            return (null, "A call needs to[{type:phone,number}], from{type:phone}, and an ncco talk action with text of at most 1500 characters.");
        }

        return (number, null);
    }

    private static (string? To, string? Why) CheckMessage(JsonNode? body)
    {
        var template = body?["custom"]?["template"];
        if (body?["channel"]?.GetValue<string>() != "whatsapp" || body["message_type"]?.GetValue<string>() != "custom"
            || body["custom"]?["type"]?.GetValue<string>() != "template" || template?["name"] is null
            || template["components"] is not JsonArray || body["to"]?.GetValue<string>() is not { } to || body["from"] is null)
        {
            return (null, "A WhatsApp template needs channel whatsapp, message_type custom, custom.type template with a name and components, to and from.");
        }

        return (to, null);
    }

    /// <summary>
    /// Body: <c>{"id": "&lt;call uuid or message_uuid&gt;", "status": "completed", "tamper": false, "issuedAt": null}</c>.
    /// Answers the event as Vonage would post it — <c>{body, authorization}</c> — for the test to deliver (the service under
    /// test usually runs in-process, with no port the fake could call).
    /// </summary>
    private static IResult SignEvent(EventRequest request, FakeChannels state, IConfiguration configuration, TimeProvider time)
    {
        if (state.Find(request.Id) is not { } recorded)
        {
            return TypedResults.NotFound();
        }

        var payload = recorded.Channel == Voice
            ? new JsonObject { ["uuid"] = recorded.Id, ["conversation_uuid"] = "CON-" + recorded.Id, ["status"] = request.Status, ["direction"] = "outbound", ["to"] = recorded.To }
            : new JsonObject { ["message_uuid"] = recorded.Id, ["to"] = recorded.To, ["status"] = request.Status, ["channel"] = "whatsapp" };
        if (recorded.Channel != Voice && recorded.Body["client_ref"]?.GetValue<string>() is { } clientRef)
        {
            payload["client_ref"] = clientRef; // Vonage echoes the message's client_ref in its statuses
        }

        var body = payload.ToJsonString();
        var secret = configuration["FakeChannels:SignatureSecret"] ?? "";
        var authorization = "Bearer " + Sign(body, secret, request.IssuedAt ?? time.GetUtcNow().ToUnixTimeSeconds());
        var good = recorded.Channel == Voice ? "completed" : "delivered";
        var sent = request.Tamper ? body.Replace($"\"{request.Status}\"", $"\"{good}\"", StringComparison.Ordinal) : body;
        // A call's events go to the event_url it was created with, query included (where a reference may ride).
        var query = recorded.EventUrl is { } eventUrl && Uri.TryCreate(eventUrl, UriKind.Absolute, out var url) ? url.Query : "";
        return TypedResults.Ok(new { body = sent, authorization, query });
    }

    /// <summary>Vonage's signed webhook: HS256 over iat, jti, iss, api_key and the body's hex SHA-256.</summary>
    private static string Sign(string body, string secret, long iat) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                ["iat"] = iat,
                ["jti"] = Guid.NewGuid().ToString(),
                ["iss"] = "Vonage",
                ["api_key"] = "fake-key",
                ["payload_hash"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body))),
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });
}

/// <param name="Tamper">Send a body other than the one signed (its status replaced by the one that delivers: "completed" for a call, "delivered" for a message).</param>
/// <param name="IssuedAt">The token's iat (Unix seconds), to send a stale event; now when null.</param>
internal sealed record EventRequest(string Id, string Status, bool Tamper = false, long? IssuedAt = null);
