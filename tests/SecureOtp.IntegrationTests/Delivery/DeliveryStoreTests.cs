using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using SecureOtp.Api.Otp;
using SecureOtp.Api.Otp.Delivery;
using SecureOtp.IntegrationTests.Infrastructure;

namespace SecureOtp.IntegrationTests.Delivery;

/// <summary>
/// The delivery store's rules, the same on every store: part receipts only move forward, a text is delivered when every
/// part is, any part's failure decides, a text is counted once, and a receipt naming nothing we track changes nothing.
/// </summary>
[TestFixture(StoreKind.Redis)]
[TestFixture(StoreKind.InProcess)]
[TestFixture(StoreKind.RedisCluster)]
public sealed class DeliveryStoreTests(StoreKind kind) : PerStoreFixture(kind)
{
    private IDeliveryStore store = null!;

    [SetUp]
    public void ResolveStore() => store = App.Services.GetRequiredService<IDeliveryStore>();

    [Test]
    public async Task ThreePartText_IsDeliveredOnlyWhenTheLastPartIs_AndCountedOnce()
    {
        var (id, parts) = await TrackAsync(3);

        var first = await ApplyAsync(parts[0], "delivered");
        var second = await ApplyAsync(parts[2], "delivered");
        var third = await ApplyAsync(parts[1], "delivered");
        var repeat = await ApplyAsync(parts[1], "delivered");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.InstanceOf<ReceiptApplied.Updated>().With.Property("Status").EqualTo("submitted").And.Property("BecameFinal").False);
            Assert.That(second, Is.InstanceOf<ReceiptApplied.Updated>().With.Property("Status").EqualTo("submitted"));
            Assert.That(third, Is.InstanceOf<ReceiptApplied.Updated>().With.Property("Status").EqualTo("delivered").And.Property("BecameFinal").True);
            Assert.That(repeat, Is.InstanceOf<ReceiptApplied.Unchanged>());
        });
        Assert.That((await store.GetAsync(id, CancellationToken.None))!.Status, Is.EqualTo("delivered"));
    }

    [Test]
    public async Task OnePartFailing_FailsTheText_WhateverTheOthersSay()
    {
        var (id, parts) = await TrackAsync(2);

        var failed = (ReceiptApplied.Updated)await ApplyAsync(parts[1], "failed", "6");
        var otherDelivered = (ReceiptApplied.Updated)await ApplyAsync(parts[0], "delivered");

        Assert.Multiple(async () =>
        {
            Assert.That(failed.Status, Is.EqualTo("failed"));
            Assert.That(failed.BecameFinal && failed.Failed, Is.True);
            Assert.That(otherDelivered.Status, Is.EqualTo("failed"));
            Assert.That(otherDelivered.BecameFinal || otherDelivered.Failed, Is.False, "counted and lifted once");
            var state = await store.GetAsync(id, CancellationToken.None);
            Assert.That(state!.Status, Is.EqualTo("failed"));
            Assert.That(state.ErrorCode, Is.EqualTo("6"));
        });
    }

    [Test]
    public async Task FinalPart_IsNotUndoneByOlderNews()
    {
        var (id, parts) = await TrackAsync(1);
        await ApplyAsync(parts[0], "delivered");

        Assert.That(await ApplyAsync(parts[0], "submitted"), Is.InstanceOf<ReceiptApplied.Unchanged>());
        Assert.That(await ApplyAsync(parts[0], "unknown"), Is.InstanceOf<ReceiptApplied.Unchanged>());
        Assert.That((await store.GetAsync(id, CancellationToken.None))!.Status, Is.EqualTo("delivered"));
    }

    [Test]
    public async Task ReceiptForAMessageNotTracked_ChangesNothing() =>
        Assert.That(await ApplyAsync(Guid.NewGuid().ToString("N"), "delivered"), Is.InstanceOf<ReceiptApplied.UnknownMessage>());

    [Test]
    public async Task UntrackedVerification_HasNoDeliveryState() =>
        Assert.That(await store.GetAsync(NewId(), CancellationToken.None), Is.Null);

    private async Task<(VerificationId Id, string[] Parts)> TrackAsync(int parts)
    {
        var id = NewId();
        var refs = Enumerable.Range(0, parts).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        await store.TrackAsync(new DeliveryTracking(id, refs, "44", "login", "vonage", App.Clock.GetUtcNow(), [], TimeSpan.FromMinutes(10)),
            CancellationToken.None);
        return (id, refs);
    }

    private Task<ReceiptApplied> ApplyAsync(string messageRef, string status, string? errorCode = null) =>
        store.ApplyAsync(messageRef, new PartReceipt(status, errorCode, App.Clock.GetUtcNow()), CancellationToken.None);

    private static VerificationId NewId() => VerificationId.New(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));
}
