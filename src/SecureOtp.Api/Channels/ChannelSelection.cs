using Microsoft.Extensions.Options;

namespace SecureOtp.Api.Channels;

/// <summary>
/// A send's channels: the app's preference (<c>channels</c>, else <c>Delivery:DefaultChannels</c>) with the channels an
/// operator switched off (<c>Delivery:Channels:&lt;channel&gt;:Enabled=false</c>) skipped. The request's own rules (known
/// names, no repeats) are checked before, with the rest of its body.
/// </summary>
internal sealed class ChannelSelection(IOptions<DeliveryOptions> options)
{
    /// <returns>The channels in order, or null when none of them is enabled.</returns>
    public IReadOnlyList<string>? Resolve(IReadOnlyList<string>? requested)
    {
        var o = options.Value;
        var enabled = (requested ?? o.DefaultChannelOrder).Where(o.IsEnabled).ToList();
        return enabled.Count == 0 ? null : enabled;
    }

    public bool IsEnabled(string channel) => options.Value.IsEnabled(channel);
}
