using System.Net;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Totp;

/// <summary>
/// Every user id enrol accepts is reachable at the <c>Location</c> it answers, on real Kestrel, by an HttpClient that
/// follows that header as given: GET finds the enrolment, DELETE removes exactly it (no other user's), and its codes stop
/// working. An id no path can carry is refused by enrol and leaves nothing behind. Issue 21's attack: "org/42" answered
/// <c>Location: /totp/org%2F42</c>, whose GET was 404 and whose DELETE was 204 while the enrolment stayed active.
/// </summary>
public sealed class TotpPathUserIdTests : KestrelFixture
{
    /// <summary>Path syntax, escapes (literal and double), dot segments, query and fragment marks, spaces, '+', non-ASCII.</summary>
    private static readonly string[] AwkwardIds =
    [
        "org/42", "org%2F42", "org%2f42", "org%252F42", "/", "//", "%", "%25", "%2F", "%zz", "...", "./x", "x/..", "x/../y", "x/.",
        "?", "a?b=c", "#", "a#b", " spaced id ", "a b", "a+b", "+", "back\\slash", ";p=1", "ü-Straße", "用户", "😀", "🇬🇧/2",
    ];

    private TotpClient client = null!;

    private DateTimeOffset Now => App.Clock.GetUtcNow();

    [SetUp]
    public void NewClient() => client = TotpClient.For(App);

    [Test]
    public async Task EveryAcceptedUserId_IsFoundAndRemovedAtItsLocation_AndOnlyThatUserIsRemoved()
    {
        var enrolled = new List<(string UserId, Uri Location, Authenticator App)>();
        foreach (var userId in AwkwardIds)
        {
            using var enrol = await client.EnrollAsync(userId);
            var body = await OtpClient.ReadJson(enrol);
            Assert.That(enrol.StatusCode, Is.EqualTo(HttpStatusCode.Created), $"'{userId}': {body}");
            var authenticator = Authenticator.FromUri(body["otpauthUri"]!.GetValue<string>());
            using var confirmed = await client.ConfirmAsync(userId, authenticator.CodeAt(Now));
            Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.OK), userId);
            using var again = await client.EnrollAsync(userId);
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), $"{userId}: already active");
            enrolled.Add((userId, enrol.Headers.Location!, authenticator));
        }

        for (var i = 0; i < enrolled.Count; i++)
        {
            var (userId, location, authenticator) = enrolled[i];
            using (var found = await client.Http.GetAsync(location))
            {
                Assert.That(found.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET {location} for '{userId}'");
            }

            using (var deleted = await client.Http.DeleteAsync(location))
            {
                Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), $"DELETE {location} for '{userId}'");
            }

            using (var gone = await client.Http.GetAsync(location))
            {
                await ProblemAssert.IsProblem(gone, HttpStatusCode.NotFound, "not_enrolled");
            }

            using (var verify = await client.VerifyAsync(userId, authenticator.CodeAt(Now, 1)))
            {
                await ProblemAssert.IsProblem(verify, HttpStatusCode.NotFound, "not_enrolled");
            }

            foreach (var (other, otherLocation, _) in enrolled.Skip(i + 1))
            {
                using var kept = await client.Http.GetAsync(otherLocation);
                Assert.That(kept.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"deleting '{userId}' removed '{other}'");
            }
        }
    }

    [TestCase(".")]
    [TestCase("..")]
    public async Task AUserIdNoPathCanCarry_IsRefusedByEnrol_AndNothingIsStored(string userId)
    {
        using var enrol = await client.EnrollAsync(userId);
        var problem = await ProblemAssert.IsProblem(enrol, HttpStatusCode.BadRequest, "validation_failed");
        Assert.That(problem["errors"]!["userId"], Is.Not.Null);

        using var confirm = await client.ConfirmAsync(userId, "123456");
        await ProblemAssert.IsProblem(confirm, HttpStatusCode.NotFound, "not_enrolled");
    }
}
