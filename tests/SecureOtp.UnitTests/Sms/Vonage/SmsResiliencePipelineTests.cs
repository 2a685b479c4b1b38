using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Polly.CircuitBreaker;
using SecureOtp.Api.Sms;
using SecureOtp.UnitTests.TestSupport;

namespace SecureOtp.UnitTests.Sms.Vonage;

/// <summary>Retries only where nothing can have been sent; the breaker opens on an outage and fails fast while open.</summary>
public sealed class SmsResiliencePipelineTests
{
    [TestCase("1")]
    [TestCase("5")]
    [TestCase("10")]
    public async Task CertainlyNotSentStatus_IsRetriedThenSucceeds(string status)
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => StubVonageHandler.Status(status)).Then(() => StubVonageHandler.Status(status))
            .Then(() => StubVonageHandler.Accepted());

        var result = await harness.SendAsync();

        Assert.That(result, Is.InstanceOf<SmsSendResult.AcceptedResult>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(3));
        Assert.That(harness.Endpoint.Forms.Select(f => f["client-ref"]).Distinct().Count(), Is.EqualTo(1), "the same client-ref on every retry");
    }

    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    public async Task Http429Or503_IsRetriedUpToTheLimit(HttpStatusCode code)
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => new HttpResponseMessage(code));

        var result = await harness.SendAsync();

        Assert.That(result, Is.InstanceOf<SmsSendResult.Unavailable>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(3), "one try and MaxRetries=2 retries");
    }

    [Test]
    public async Task Throttling_WaitsAtLeastTheAdvertisedMilliseconds()
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => StubVonageHandler.Status("1", "Throughput Rate Exceeded - please wait [ 250 ] and retry"))
            .Then(() => StubVonageHandler.Accepted());

        var watch = Stopwatch.StartNew();
        var result = await harness.SendAsync();

        Assert.That(result, Is.InstanceOf<SmsSendResult.AcceptedResult>());
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(240)), "the wait is milliseconds and is honoured");
    }

    [Test]
    public async Task ConnectionRefused_IsRetried()
    {
        var harness = new VonageHarness();
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused));
        harness.Endpoint.ThenThrow(refused).ThenThrow(refused).Then(() => StubVonageHandler.Accepted());

        Assert.That(await harness.SendAsync(), Is.InstanceOf<SmsSendResult.AcceptedResult>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(3));
    }

    [Test]
    public async Task ConnectionDroppedAfterTheRequest_IsNotRetried()
    {
        var harness = new VonageHarness();
        harness.Endpoint.ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "dropped"));

        Assert.That(await harness.SendAsync(), Is.InstanceOf<SmsSendResult.Unavailable>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(1), "the text may be on its way: a retry could send it twice");
    }

    [Test]
    public async Task AttemptTimeout_IsNotRetried()
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(async token =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), token);
            return StubVonageHandler.Accepted();
        });

        Assert.That(await harness.SendAsync(), Is.InstanceOf<SmsSendResult.Unavailable>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(1));
    }

    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.BadGateway)]
    public async Task ServerErrorWithoutBody_IsNotRetried(HttpStatusCode code)
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => new HttpResponseMessage(code));

        Assert.That(await harness.SendAsync(), Is.InstanceOf<SmsSendResult.Unavailable>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(1));
    }

    [TestCase("2")]
    [TestCase("3")]
    [TestCase("4")]
    [TestCase("6")]
    [TestCase("8")]
    [TestCase("9")]
    [TestCase("11")]
    [TestCase("12")]
    [TestCase("14")]
    [TestCase("15")]
    public async Task PermanentStatus_IsNotRetried_AndIsUnavailable(string status)
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => StubVonageHandler.Status(status));

        Assert.That(await harness.SendAsync(), Is.InstanceOf<SmsSendResult.Unavailable>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(1));
    }

    [TestCase("29")]
    public async Task RouteRefusal_IsNotRetried_AndIsUnavailable_NotTheDestinationsProblem(string status)
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => StubVonageHandler.Status(status));

        Assert.That(await harness.SendAsync(), Is.InstanceOf<SmsSendResult.Unavailable>(), "another provider may carry it");
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(1));
    }

    [TestCase("7")]
    [TestCase("33")]
    public async Task DestinationStatus_IsNotRetried_AndIsTheDestinationsProblem(string status)
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => StubVonageHandler.Status(status));

        Assert.That(await harness.SendAsync(), Is.InstanceOf<SmsSendResult.DestinationUnreachable>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(1));
    }

    [Test]
    public async Task Breaker_OpensOnOutage_FailsFast_ProbesOnce_AndCloses()
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => new HttpResponseMessage(HttpStatusCode.InternalServerError));

        for (var i = 0; i < harness.Resilience.BreakerMinimumThroughput; i++)
        {
            await harness.SendAsync();
        }

        Assert.That(harness.State.CircuitState, Is.EqualTo(CircuitState.Open));
        var callsWhenOpened = harness.Endpoint.Calls;

        var whileOpen = await harness.SendAsync();
        Assert.That(whileOpen, Is.InstanceOf<SmsSendResult.Unavailable>());
        Assert.That(((SmsSendResult.Unavailable)whileOpen).RetryAfter, Is.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(callsWhenOpened), "no provider call while open");

        // After the break, exactly one probe goes through while the others still fail fast.
        harness.Clock.Advance(TimeSpan.FromSeconds(21));
        var probeGate = new TaskCompletionSource();
        harness.Endpoint.Then(async _ =>
        {
            await probeGate.Task;
            return StubVonageHandler.Accepted();
        });
        var probe = harness.SendAsync();
        var others = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.SendAsync()));
        probeGate.SetResult();

        Assert.That(await probe, Is.InstanceOf<SmsSendResult.AcceptedResult>());
        Assert.That(others, Is.All.InstanceOf<SmsSendResult.Unavailable>());
        Assert.That(harness.Endpoint.Calls, Is.EqualTo(callsWhenOpened + 1), "one probe per break");
        Assert.That(harness.State.CircuitState, Is.EqualTo(CircuitState.Closed));
        Assert.That(await harness.SendAsync(), Is.InstanceOf<SmsSendResult.AcceptedResult>());
    }

    [Test]
    public async Task Breaker_DoesNotOpenOnRejectedDestinations()
    {
        var harness = new VonageHarness();
        harness.Endpoint.Then(() => StubVonageHandler.Status("7"));

        for (var i = 0; i < 10; i++)
        {
            await harness.SendAsync();
        }

        Assert.That(harness.State.CircuitState, Is.EqualTo(CircuitState.Closed), "a barred number says nothing about the provider");
    }
}
