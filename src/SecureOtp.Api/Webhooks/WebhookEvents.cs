using System.Buffers.Text;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Webhooks;

/// <summary>
/// What a store needs to record an event with a state change: whether the tenant has an endpoint at all (no endpoint, no
/// event, nothing kept), and the event's arguments. After the change the store calls <see cref="Recorded"/>, which wakes
/// this replica's dispatcher for the tenant at once (other replicas find the event by polling).
/// </summary>
internal sealed class WebhookEvents
{
    private readonly WebhookOptions options;
    private readonly EventSubjectSeal seal;
    private readonly Dictionary<string, string> tenantsByTag;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> wakeUps = new(StringComparer.Ordinal);

    public WebhookEvents(IOptions<WebhookOptions> options, PseudonymKey pseudonymKey, EventSubjectSeal seal)
    {
        this.options = options.Value;
        this.seal = seal;
        tenantsByTag = this.options.Endpoints.Keys.ToDictionary(t => TagText(Pseudonyms.TenantTag(pseudonymKey, t)), t => t, StringComparer.Ordinal);
    }

    /// <summary>The tenants with an endpoint, by tenant tag (URL-safe base64, as in the stream keys).</summary>
    public IReadOnlyDictionary<string, string> TenantsByTag => tenantsByTag;

    /// <summary>A tenant tag as it appears in keys.</summary>
    public static string TagText(ReadOnlySpan<byte> tenantTag) => Base64Url.EncodeToString(tenantTag);

    /// <summary>The arguments to record an event of <paramref name="tenantTag"/>'s tenant, or null when it has no endpoint.</summary>
    public EventRecording? For(byte[] tenantTag, string? verificationId, string? userId, DateTimeOffset now) =>
        For(TagText(tenantTag), verificationId, userId, now);

    /// <summary>As above, the tenant tag given as in keys.</summary>
    public EventRecording? For(string tag, string? verificationId, string? userId, DateTimeOffset now) =>
        tenantsByTag.TryGetValue(tag, out var tenant)
            ? Recording(tenant, tag, seal.Seal(new EventSubject(tenant, verificationId, userId)), now)
            : null;

    /// <summary>As above, for a script that takes the subject sealed earlier from its own record (a delivery receipt,
    /// which knows neither the verification nor the user): the arguments carry an empty subject.</summary>
    public EventRecording? ForSealedSubject(string tag, DateTimeOffset now) =>
        tenantsByTag.TryGetValue(tag, out var tenant) ? Recording(tenant, tag, [], now) : null;

    private EventRecording Recording(string tenant, string tag, byte[] sealedSubject, DateTimeOffset now) =>
        new(tenant, tag, sealedSubject, options.MaxPendingPerUser, (long)(options.MaxRetryAge + options.MaxRetryDelay).TotalMilliseconds,
            now.ToUnixTimeMilliseconds());

    /// <summary>An event of <paramref name="tenant"/> was recorded (and its stream indexed): its dispatcher looks now.</summary>
    public void Recorded(string tenant)
    {
        var wakeUp = WakeUpOf(tenant);
        if (wakeUp.CurrentCount == 0)
        {
            try
            {
                wakeUp.Release();
            }
            catch (SemaphoreFullException)
            {
                // another recording woke it in between: once is enough
            }
        }
    }

    /// <summary>Released by <see cref="Recorded"/>; the tenant's dispatcher waits on it between rounds.</summary>
    public SemaphoreSlim WakeUpOf(string tenant) => wakeUps.GetOrAdd(tenant, _ => new SemaphoreSlim(0, 1));
}

/// <summary>One event's arguments for a store script (events.lua), and what the store indexes after it.</summary>
/// <param name="TenantTag">The tenant tag as in keys.</param>
/// <param name="Cap">The stream's most entries.</param>
/// <param name="TtlMs">The stream's TTL, refreshed by each event.</param>
internal sealed record EventRecording(string Tenant, string TenantTag, byte[] SealedSubject, int Cap, long TtlMs, long NowMs);
