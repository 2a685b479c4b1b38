using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Transactions;

namespace SecureOtp.UnitTests.Otp.Transactions;

/// <summary><see cref="TransactionValidation"/>: one field varied at a time from a valid transaction.</summary>
public sealed class TransactionValidationTests
{
    private static readonly TransactionDetails Valid = new("49.99", "EUR", "ACME Ltd");
    private static readonly string[] AllFields = ["transaction.amount", "transaction.currency", "transaction.payee"];

    // Built in code, not attributes: attribute strings cannot hold a lone surrogate.
    private static readonly object?[] RejectedPayees =
        [null, "", " ", " ACME", "ACME ", "\tACME", new string('x', 65), "ACME\u202ELtd", "pay \u2066x\u2069", "\u200FACME", "A\u200BB", "A\u200DB",
         "A\u00ADB", "A\nB", "A\u0007B", "\u0301ACME", "A\uE000", "A\uD800B", "\u061CACME", "A\u2028B", string.Concat(Enumerable.Repeat("😀", 65))];

    private static readonly object?[] AcceptedPayees =
        ["ACME Ltd", "A", new string('x', 64), "Müller & Söhne GmbH", "東京電力", "Café\u0301 Paris", "😀 Shop", string.Concat(Enumerable.Repeat("😀", 64)),
         "ACME {code}", "Zoë O'Brien-Smith"];

    [TestCase("49.99", "EUR", "49.99")]
    [TestCase("49.9", "EUR", "49.90")]
    [TestCase("049.90", "EUR", "49.90")]
    [TestCase("49", "EUR", "49.00")]
    [TestCase("0.5", "EUR", "0.50")]
    [TestCase("00.01", "EUR", "0.01")]
    [TestCase("500", "JPY", "500")]
    [TestCase("007", "JPY", "7")]
    [TestCase("1.234", "BHD", "1.234")]
    [TestCase("1.2", "KWD", "1.200")]
    [TestCase("3", "TND", "3.000")]
    [TestCase("1.0001", "CLF", "1.0001")]
    [TestCase("999999999999999.99", "EUR", "999999999999999.99")]
    [TestCase("00000000000000000000.01", "EUR", "0.01")]
    public void Amount_IsCanonical(string amount, string currency, string canonical)
    {
        var errors = new Dictionary<string, string[]>();

        var transaction = TransactionValidation.Validate(Valid with { Amount = amount, Currency = currency }, errors);

        Assert.That(errors, Is.Empty);
        Assert.That(transaction!.Amount, Is.EqualTo(canonical));
    }

    [TestCase(null, "EUR")]
    [TestCase("", "EUR")]
    [TestCase("0", "EUR")]
    [TestCase("0.00", "EUR")]
    [TestCase("000", "JPY")]
    [TestCase("-1", "EUR")]
    [TestCase("+1", "EUR")]
    [TestCase("1e3", "EUR")]
    [TestCase("1E3", "EUR")]
    [TestCase("1,000", "EUR")]
    [TestCase("1 000", "EUR")]
    [TestCase("1_000", "EUR")]
    [TestCase("1.", "EUR")]
    [TestCase(".5", "EUR")]
    [TestCase("1.2.3", "EUR")]
    [TestCase(" 1", "EUR")]
    [TestCase("1 ", "EUR")]
    [TestCase("NaN", "EUR")]
    [TestCase("Infinity", "EUR")]
    [TestCase("0x10", "EUR")]
    [TestCase("١٢", "EUR")]
    [TestCase("１２", "EUR")]
    [TestCase("49.999", "EUR")]
    [TestCase("1.5", "JPY")]
    [TestCase("1.0", "JPY")]
    [TestCase("1.2345", "BHD")]
    [TestCase("1000000000000000", "EUR")]
    [TestCase("000000000000000000000001.5", "EUR")]
    public void Amount_OutsideTheRules_IsRefused_NamingTheField(string? amount, string currency) =>
        AssertOnlyError(Valid with { Amount = amount, Currency = currency }, "transaction.amount");

    [TestCase(null)]
    [TestCase("")]
    [TestCase("eur")]
    [TestCase("Eur")]
    [TestCase("EURO")]
    [TestCase("EU")]
    [TestCase("€")]
    [TestCase("ABC")]
    [TestCase("XXX")]
    [TestCase("XAU")]
    [TestCase("XTS")]
    [TestCase("HRK")]
    [TestCase("EUR ")]
    public void Currency_NotAnIso4217CodeInUse_IsRefused_NamingTheField(string? currency) =>
        AssertOnlyError(Valid with { Currency = currency }, "transaction.currency");

    [Test]
    public void UnknownCurrency_AndMalformedAmount_AreBothNamed()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.That(TransactionValidation.Validate(new TransactionDetails("-1", "ABC", " "), errors), Is.Null);
        Assert.That(errors.Keys, Is.EquivalentTo(AllFields));
    }

    [TestCaseSource(nameof(AcceptedPayees))]
    public void Payee_PrintableUpTo64_IsKeptExactly(string payee)
    {
        var errors = new Dictionary<string, string[]>();

        var transaction = TransactionValidation.Validate(Valid with { Payee = payee }, errors);

        Assert.That(errors, Is.Empty);
        Assert.That(transaction!.Payee, Is.EqualTo(payee));
    }

    [TestCaseSource(nameof(RejectedPayees))]
    public void Payee_ThatCouldMakeTheTextLie_IsRefused_NamingTheField(string? payee) =>
        AssertOnlyError(Valid with { Payee = payee }, "transaction.payee");

    [Test]
    public void NoTransaction_IsNoTransaction_AndNoError()
    {
        var errors = new Dictionary<string, string[]>();

        Assert.That(TransactionValidation.Validate(null, errors), Is.Null);
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void TryParseSend_And_TryParseVerify_CarryTheCanonicalTransaction()
    {
        var caller = new SecureOtp.Api.Security.ApiCaller("shop", "shop");
        var details = Valid with { Amount = "049.9" };

        RequestValidation.TryParseSend(caller, new SendOtpRequest("u-1", "+14155550100", Transaction: details), default, out var send, out _);
        RequestValidation.TryParseVerify(caller, new VerifyOtpRequest(new string('A', 40), "123456", "u-1", Transaction: details), 6, true, default, out _, out var verifyErrors);

        Assert.That(send!.Transaction, Is.EqualTo(new PaymentTransaction("49.90", "EUR", "ACME Ltd")));
        Assert.That(send.Body.Transaction, Is.EqualTo(new TransactionDetails("49.90", "EUR", "ACME Ltd")), "an Idempotency-Key repeat is matched on the canonical form");
        Assert.That(verifyErrors.Keys, Has.None.StartsWith("transaction"));
    }

    [Test]
    public void TryParseVerify_MalformedTransaction_Is400NamingIt()
    {
        var caller = new SecureOtp.Api.Security.ApiCaller("shop", "shop");
        var parsed = RequestValidation.TryParseVerify(caller, new VerifyOtpRequest(new string('A', 40), "123456", "u-1", Transaction: Valid with { Amount = "1e2" }),
            6, true, default, out _, out var errors);

        Assert.That(parsed, Is.False);
        Assert.That(errors.Keys, Does.Contain("transaction.amount"));
    }

    private static void AssertOnlyError(TransactionDetails details, string field)
    {
        var errors = new Dictionary<string, string[]>();

        Assert.That(TransactionValidation.Validate(details, errors), Is.Null);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { field }));
        Assert.That(errors[field].Single(), Does.StartWith(field));
    }
}
