using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Api;

/// <summary>
/// <c>/otp/{verificationId}</c> on real Kestrel, with an HttpClient that sends paths as a client does: the send's
/// <c>Location</c> finds and cancels its verification, and a path that cannot hold an id send issued is a 400 naming
/// <c>verificationId</c> that changes nothing (issue 21: it was a 404, and a DELETE of it a 204, "cancelled").
/// </summary>
public sealed class OtpPathIdTests : KestrelFixture
{
    private OtpClient client = null!;

    [SetUp]
    public void NewClient() => client = OtpClient.For(App);

    [Test]
    public async Task TheSendsLocation_FindsAndCancelsItsVerification()
    {
        using var sent = await client.SendAsync(OtpClient.NewUserId());
        var location = sent.Headers.Location!;

        using (var found = await client.Http.GetAsync(location))
        {
            Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK), location.ToString());
        }

        using (var cancelled = await client.Http.DeleteAsync(location))
        {
            Assert.That(cancelled.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        }

        using var gone = await client.Http.GetAsync(location);
        await ProblemAssert.IsProblem(gone, HttpStatusCode.NotFound, "verification_not_found");
    }

    [Test]
    public async Task APathThatCannotHoldAnIssuedId_IsRefused400_AndChangesNothing()
    {
        var userId = OtpClient.NewUserId();
        var id = await client.StartAsync(userId);
        string[] paths =
        [
            "not-an-id", id[..39], id + "A", id[..20] + "%2F" + id[21..], id[..39] + "%2F", id[..39] + "%252F", id[..39] + "=",
            id[..39] + "%20", id[..39] + "+", id[..39] + "%3F", "%E2%82%AC" + id[1..], Uri.EscapeDataString(id + "/x"),
        ];

        foreach (var path in paths)
        {
            foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
            {
                using var refused = await client.Http.SendAsync(new HttpRequestMessage(method, $"/otp/{path}"));
                var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.BadRequest, "validation_failed");
                Assert.That(problem["errors"]!["verificationId"], Is.Not.Null, $"{method} /otp/{path}");
            }
        }

        using var verified = await client.VerifyAsync(id, await client.ReadCodeAsync(id), userId);
        Assert.That(verified.StatusCode, Is.EqualTo(HttpStatusCode.OK), "no refused path cancelled the verification");
    }
}
