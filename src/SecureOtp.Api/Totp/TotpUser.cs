using System.Buffers.Text;
using SecureOtp.Api.Security;

namespace SecureOtp.Api.Totp;

/// <summary>
/// A user of one tenant as the TOTP factor knows them: only pseudonyms, the same ones the SMS factor uses, so one user's
/// TOTP keys and SMS keys share a Redis hash tag (and the failed-verify cap), and one user id in two tenants is two users.
/// </summary>
/// <param name="Tag">The user's slot tag: the Redis hash tag and how logs name the user.</param>
/// <param name="Hash">The keyed hash of tenant and user id; its first bytes (<see cref="Binding"/>) are kept in the record
/// to recognise the user, all of it binds the sealed secret and the recovery-code hashes.</param>
/// <param name="Tenant">The tenant's tag (URL-safe): whose enrolments the user's counts among, for
/// <c>Limits:MaxTotpEnrolmentsPerTenant</c>.</param>
/// <param name="UserId">The user id as the caller gave it: kept in memory only, for the sealed subject of a webhook event.</param>
internal sealed record TotpUser(string Tag, byte[] Hash, string Tenant, string? UserId = null)
{
    public byte[] Binding => Hash[..Pseudonyms.UserBindingLength];

    public static TotpUser Of(PseudonymKey key, string tenant, string userId) =>
        new(Pseudonyms.UserRef(key, tenant, userId), Pseudonyms.UserHash(key, tenant, userId),
            Base64Url.EncodeToString(Pseudonyms.TenantTag(key, tenant)), userId);
}
