using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace SecureOtp.LoadTest;

/// <summary>One operation's outcome: the HTTP status (0 = no answer: timeout or connection error) and whether it was expected.</summary>
internal readonly record struct OpResult(int Status, bool Ok);

/// <summary>What every scenario shares: the HTTP clients and a run-wide counter that makes users and phone numbers unique.</summary>
internal sealed class LoadContext(HttpClient service, HttpClient? provider, string apiKey, int maxAttempts)
{
    private static readonly string RunId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
    private long sequence;

    public HttpClient Service { get; } = service;

    public HttpClient? Provider { get; } = provider;

    public int MaxAttempts { get; } = maxAttempts;

    /// <summary>A fresh user id and E.164 number (+1 555 …): no per-user/per-phone limit or cooldown is ever shared.</summary>
    public (string UserId, string Phone) NextIdentity()
    {
        var n = Interlocked.Increment(ref sequence);
        return ($"lt-{RunId}-{n}", "+1" + (5_550_000_000L + n).ToString(CultureInfo.InvariantCulture));
    }

    public HttpRequestMessage Post(string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Api-Key", apiKey);
        return request;
    }

    /// <summary>POST /otp/send; the verification id when the answer is 202.</summary>
    public async Task<(int Status, string? VerificationId)> SendAsync(string userId, string phone, CancellationToken cancellationToken)
    {
        using var request = Post("/otp/send", $$"""{"userId":"{{userId}}","phoneNumber":"{{phone}}","purpose":"login"}""");
        using var response = await Service.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return ((int)response.StatusCode, null);
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return (202, json.RootElement.GetProperty("verificationId").GetString());
    }

    public async Task<int> VerifyAsync(string verificationId, string code, string userId, CancellationToken cancellationToken)
    {
        using var request = Post("/otp/verify", $$"""{"verificationId":"{{verificationId}}","code":"{{code}}","userId":"{{userId}}"}""");
        using var response = await Service.SendAsync(request, cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return (int)response.StatusCode;
    }
}

internal abstract class Scenario(LoadContext context)
{
    protected LoadContext Context { get; } = context;

    public abstract string Name { get; }

    /// <summary>What one counted operation is.</summary>
    public abstract string Operation { get; }

    /// <summary>Untimed set-up before the clock starts (bounded in count and time).</summary>
    public virtual Task PrepareAsync(int workers, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Untimed work a worker may need before its next operation (verify-wrong: a fresh verification).</summary>
    public virtual Task BeforeOperationAsync(int worker, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken);

    public virtual string Notes => "";
}

/// <summary>GET /health/live: the same Kestrel, connections and client, doing no work. Every ratio is against this.</summary>
internal sealed class BaselineScenario(LoadContext context) : Scenario(context)
{
    public override string Name => "baseline";

    public override string Operation => "GET /health/live";

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        using var response = await Context.Service.GetAsync("/health/live", cancellationToken);
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        return new((int)response.StatusCode, response.StatusCode == HttpStatusCode.OK);
    }
}

/// <summary>POST /otp/send to a new user and number each time; the fake Vonage server is the provider.</summary>
internal sealed class SendScenario(LoadContext context) : Scenario(context)
{
    public override string Name => "send";

    public override string Operation => "POST /otp/send (202)";

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        var (user, phone) = Context.NextIdentity();
        var (status, _) = await Context.SendAsync(user, phone, cancellationToken);
        return new(status, status == 202);
    }
}

/// <summary>
/// Wrong codes against live verifications: the attempt path (parameters read, HMAC, the attempt Lua script). Each verification
/// takes MaxAttempts wrong codes (the last one locks it: 410), so a pool is created before the clock starts; a worker that finds
/// the pool empty sends a new code outside its timed operation.
/// </summary>
internal sealed class VerifyWrongScenario(LoadContext context, int poolSize) : Scenario(context)
{
    private readonly ConcurrentQueue<Live> pool = new();
    private Live?[] current = [];
    private long refills;

    public override string Name => "verify-wrong";

    public override string Operation => "POST /otp/verify, wrong code (400/410)";

    public override string Notes => $"pool {pool.Count} left, {Interlocked.Read(ref refills)} refill sends during the run";

    public override async Task PrepareAsync(int workers, CancellationToken cancellationToken)
    {
        current = new Live?[workers];
        var budget = System.Diagnostics.Stopwatch.StartNew();
        var remaining = poolSize;
        await Parallel.ForEachAsync(Enumerable.Range(0, workers), cancellationToken, async (_, ct) =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0 && budget.Elapsed < TimeSpan.FromSeconds(60))
            {
                var live = await NewAsync(ct);
                if (live is not null)
                {
                    pool.Enqueue(live);
                }
            }
        });
    }

    public override async Task BeforeOperationAsync(int worker, CancellationToken cancellationToken)
    {
        if (current[worker] is not null)
        {
            return;
        }

        if (pool.TryDequeue(out var live))
        {
            current[worker] = live;
            return;
        }

        Interlocked.Increment(ref refills);
        current[worker] = await NewAsync(cancellationToken);
    }

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        var live = current[worker];
        if (live is null)
        {
            return new(0, false);
        }

        // "000000" is wrong except with probability 1e-6; a 200 would show up in the status counts.
        var status = await Context.VerifyAsync(live.Id, "000000", live.UserId, cancellationToken);
        live.Used++;
        current[worker] = null;
        if (live.Used < Context.MaxAttempts && status == 400)
        {
            pool.Enqueue(live);
        }

        return new(status, status is 400 or 410);
    }

    private async Task<Live?> NewAsync(CancellationToken cancellationToken)
    {
        var (user, phone) = Context.NextIdentity();
        var (_, id) = await Context.SendAsync(user, phone, cancellationToken);
        return id is null ? null : new Live(id, user);
    }

    private sealed class Live(string id, string userId)
    {
        public string Id { get; } = id;

        public string UserId { get; } = userId;

        public int Used { get; set; }
    }
}

/// <summary>The login flow: send, read the text from the fake Vonage server (GET /messages?to=), verify the right code (200).</summary>
internal sealed class FlowScenario(LoadContext context) : Scenario(context)
{
    public override string Name => "flow";

    public override string Operation => "send + GET provider /messages + verify (3 requests)";

    public override async Task PrepareAsync(int workers, CancellationToken cancellationToken)
    {
        // The fake keeps every text in one list and scans it per query: start each flow run from an empty list.
        using var reset = await Context.Provider!.DeleteAsync("/messages", cancellationToken);
    }

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        var (user, phone) = Context.NextIdentity();
        var (status, id) = await Context.SendAsync(user, phone, cancellationToken);
        if (id is null)
        {
            return new(status, false);
        }

        using var messages = await Context.Provider!.GetAsync("/messages?to=" + phone[1..], cancellationToken);
        if (messages.StatusCode != HttpStatusCode.OK)
        {
            return new((int)messages.StatusCode, false);
        }

        await using var body = await messages.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        if (json.RootElement.GetArrayLength() == 0)
        {
            return new(-404, false);
        }

        var text = json.RootElement[json.RootElement.GetArrayLength() - 1].GetProperty("text").GetString() ?? "";
        var code = new string([.. text.TakeWhile(char.IsAsciiDigit)]);
        var verified = await Context.VerifyAsync(id, code, user, cancellationToken);
        return new(verified, verified == 200);
    }
}
