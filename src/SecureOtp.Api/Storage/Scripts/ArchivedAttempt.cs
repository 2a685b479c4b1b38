using System.Globalization;
using SecureOtp.Api.Otp.Delivery;

namespace SecureOtp.Api.Storage.Scripts;

/// <summary>An earlier delivery attempt as delivery_track.lua archives it in the delivery hash (<c>a&lt;k&gt;</c>):
/// <c>"ch pv st up ec fin sub parts"</c>, one short value so the hash keeps Redis's compact encoding.</summary>
internal static class ArchivedAttempt
{
    private const string None = "-";

    /// <returns>The attempt, or null when the value is absent or not in that form.</returns>
    public static ChannelAttemptState? Read(string? archived)
    {
        var f = archived?.Split(' ');
        return f is { Length: 8 } && long.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var updatedMs)
            ? new ChannelAttemptState(f[0], f[1], f[2], DateTimeOffset.FromUnixTimeMilliseconds(updatedMs), f[4] == None ? null : f[4])
            : null;
    }
}
