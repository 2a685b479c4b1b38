using SecureOtp.Api.Risk.Limits;

namespace SecureOtp.Api.Otp.Delivery;

/// <summary>
/// A send's resend-cooldown entry as its delivery state keeps it (field <c>rc</c>), for a failed text's receipt to give
/// back: the shared member, then each log's key. The two logs a send's cooldowns read are the number's (<c>ph1d:</c>)
/// and the user's (<c>us1h:</c>), in that order (<see cref="AbuseLimits.ForSend"/>): in its place a key is kept without
/// that scope, any other key whole. What limits_release.lua needs, and no more.
/// </summary>
internal static class CooldownEntries
{
    private static readonly string[] Scopes = ["ph1d:", "us1h:"];

    /// <summary>'' when the send recorded no cooldown (it is off).</summary>
    public static string Compact(IReadOnlyList<LimitCheck> cooldowns)
    {
        if (cooldowns.Count == 0)
        {
            return "";
        }

        var parts = new string[cooldowns.Count + 1];
        parts[0] = cooldowns[0].Member;
        for (var i = 0; i < cooldowns.Count; i++)
        {
            var key = cooldowns[i].Key;
            parts[i + 1] = i < Scopes.Length && key.StartsWith(Scopes[i], StringComparison.Ordinal) ? key[Scopes[i].Length..] : key;
        }

        return string.Join(' ', parts);
    }

    /// <summary>The entries <see cref="Compact"/> kept; only key and member matter for a release.</summary>
    public static IReadOnlyList<LimitCheck> Expand(string compact)
    {
        var parts = compact.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length < 2
            ? []
            : [.. parts.Skip(1).Select((key, i) => Check(key.Contains(':', StringComparison.Ordinal) || i >= Scopes.Length ? key : Scopes[i] + key, parts[0]))];
    }

    /// <summary>Entries as a hash written before the shrink kept them: keys space-separated (<c>rck</c>), one member (<c>rcm</c>).</summary>
    public static IReadOnlyList<LimitCheck> FromKeys(string limitKeys, string member) =>
        [.. limitKeys.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(key => Check(key, member))];

    private static LimitCheck Check(string key, string member) => new(AbuseLimits.ResendCooldown, key, 1, TimeSpan.Zero, member);
}
