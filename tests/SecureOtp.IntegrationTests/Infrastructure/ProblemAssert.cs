using System.Net;
using System.Text.Json.Nodes;

namespace SecureOtp.IntegrationTests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 problem with the given status and stable type slug, and returns its body.</summary>
    public static async Task<JsonNode> IsProblem(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var json = JsonNode.Parse(body)!;
        Assert.That(json["type"]?.GetValue<string>(), Is.EqualTo(type), body);
        Assert.That(json["status"]?.GetValue<int>(), Is.EqualTo((int)status), body);
        Assert.That(json["title"]?.GetValue<string>(), Is.Not.Empty, body);
        return json;
    }
}
