using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Transactions;
using SecureOtp.Api.Security;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Otp.Transactions;

/// <summary>The canonical encoding the code's MAC covers, and the seal the record keeps.</summary>
public sealed class PaymentTransactionTests
{
    private static readonly PaymentTransaction Payment = new("49.99", "EUR", "ACME Ltd");
    private static readonly HashKey Key = TestKeys.NewKey();
    private static readonly PseudonymKey Root = TestKeys.NewPseudonymKey();
    private static readonly VerificationId Id = NewId();

    [Test]
    public void Encode_IsLengthPrefixed_AndDecodesBack()
    {
        var encoded = Payment.Encode();

        Assert.That(encoded[..4], Is.EqualTo(new byte[] { 0, 0, 0, 5 }), "the amount's length comes first");
        Assert.That(encoded, Has.Length.EqualTo(12 + 5 + 3 + 8));
        Assert.That(PaymentTransaction.Decode(encoded), Is.EqualTo(Payment));
        Assert.That(PaymentTransaction.Decode(encoded.AsSpan(0, encoded.Length - 1)), Is.Null);
        Assert.That(PaymentTransaction.Decode([.. encoded, 0]), Is.Null);
    }

    [Test]
    public void Encode_OfTwoTransactionsThatConcatenateAlike_Differs() =>
        Assert.That(new PaymentTransaction("1.00", "EUR", "EURO Shop").Encode(), Is.Not.EqualTo(new PaymentTransaction("1.00", "EUREURO", " Shop").Encode()));

    [Test]
    public void CodeHash_BindsEveryField_AndNoneIsTheOldInput()
    {
        var plain = CodeHasher.Hash(Key, "123456", Id);
        var bound = CodeHasher.Hash(Key, "123456", Id, Payment.Encode());

        Assert.That(CodeHasher.Hash(Key, "123456", Id, []), Is.EqualTo(plain), "a code bound to no transaction hashes as before");
        Assert.That(bound, Is.Not.EqualTo(plain));
        Assert.That(CodeHasher.Hash(Key, "123456", Id, (Payment with { Amount = "49.98" }).Encode()), Is.Not.EqualTo(bound));
        Assert.That(CodeHasher.Hash(Key, "123456", Id, (Payment with { Currency = "GBP" }).Encode()), Is.Not.EqualTo(bound));
        Assert.That(CodeHasher.Hash(Key, "123456", Id, (Payment with { Payee = "ACME Ltd." }).Encode()), Is.Not.EqualTo(bound));
        Assert.That(CodeHasher.Hash(Key, "123456", Id, Payment.Encode()), Is.EqualTo(bound));
    }

    [Test]
    public void Seal_OpensOnlyForItsVerification()
    {
        var box = TransactionSeal.Seal(Root, Payment, Id);

        Assert.That(TransactionSeal.Open(Root, box, Id), Is.EqualTo(Payment));
        Assert.That(TransactionSeal.Open(Root, box, NewId()), Is.Null);
        Assert.That(box, Has.Length.EqualTo(28 + Payment.Encode().Length), "nonce and tag on top of the encoding");
    }

    private static VerificationId NewId() =>
        VerificationId.New(Pseudonyms.UserHash(Root, "tenant", "u-123"), Pseudonyms.PurposeHash(Root, "login"));
}
