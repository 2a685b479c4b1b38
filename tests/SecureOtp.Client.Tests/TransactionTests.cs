using System.Net;
using System.Text.Json.Nodes;

namespace SecureOtp.Client.Tests;

/// <summary>Payment-bound codes: the transaction goes out on send and on both verify forms, and comes back in the answers.</summary>
public sealed class TransactionTests
{
    private const string TransactionJson = """{"amount":"49.90","currency":"EUR","payee":"ACME Ltd"}""";

    private static OtpTransaction Payment => new() { Amount = "49.90", Currency = "EUR", Payee = "ACME Ltd" };

    [Test]
    public async Task Send_and_both_verify_forms_carry_the_transaction_as_its_three_strings()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenOk("""{"verificationId":"v-1","status":"pending","channel":"sms","expiresAt":"2026-12-07T10:05:00Z","maxAttempts":5}""", HttpStatusCode.Accepted)
            .ThenOk($$"""{"status":"approved","verificationId":"v-1","transaction":{{TransactionJson}}}""")
            .ThenOk($$"""{"status":"approved","verificationId":"v-1","transaction":{{TransactionJson}}}""");

        await harness.Client.SendAsync(new SendRequest { UserId = "u-1", PhoneNumber = "+14155550100", Transaction = Payment });
        await harness.Client.VerifyAsync(new VerifyRequest { VerificationId = "v-1", Code = "123456", Transaction = Payment });
        await harness.Client.VerifyByUserAsync(new VerifyByUserRequest { UserId = "u-1", Purpose = "payment", Code = "123456", Transaction = Payment });

        Assert.That(harness.Handler.Requests.Select(r => JsonNode.Parse(r.Body!)!["transaction"]!.ToJsonString()),
            Is.All.EqualTo(TransactionJson));
    }

    [Test]
    public async Task A_verify_by_user_answers_the_verification_it_checked_and_the_canonical_transaction()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenOk("""
            {"status":"approved","verificationId":"abcdefghijklmnopqrstuvwxyz0123456789_-AB","userId":"u-1","purpose":"payment",
             "transaction":{"amount":"49.90","currency":"EUR","payee":"ACME Ltd"}}
            """);

        var approved = await harness.Client.VerifyByUserAsync(new VerifyByUserRequest { UserId = "u-1", Purpose = "payment", Code = "123456", Transaction = Payment });

        Assert.That(approved.Value!.VerificationId, Is.EqualTo("abcdefghijklmnopqrstuvwxyz0123456789_-AB"));
        Assert.That((approved.Value.UserId, approved.Value.Purpose), Is.EqualTo(("u-1", "payment")));
        Assert.That((approved.Value.Transaction!.Amount, approved.Value.Transaction.Currency, approved.Value.Transaction.Payee),
            Is.EqualTo(("49.90", "EUR", "ACME Ltd")));
    }

    [Test]
    public async Task The_status_of_a_payment_bound_verification_shows_its_transaction_and_of_a_plain_one_none()
    {
        using var harness = new ClientHarness();
        harness.Handler.ThenOk($$"""{"verificationId":"v-1","status":"pending","attemptsRemaining":5,"expiresAt":"2026-12-07T10:05:00Z","transaction":{{TransactionJson}}}""")
            .ThenOk("""{"verificationId":"v-2","status":"pending","attemptsRemaining":5,"expiresAt":"2026-12-07T10:05:00Z"}""");

        var bound = await harness.Client.GetAsync("v-1");
        var plain = await harness.Client.GetAsync("v-2");

        Assert.That(bound.Value!.Transaction!.Payee, Is.EqualTo("ACME Ltd"));
        Assert.That(plain.Value!.Transaction, Is.Null);
    }
}
