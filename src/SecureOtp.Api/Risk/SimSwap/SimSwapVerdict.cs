namespace SecureOtp.Api.Risk.SimSwap;

/// <summary>What is known about a recent SIM swap on the number.</summary>
internal enum SimSwapStatus
{
    /// <summary>Not asked: policy <c>Off</c> or provider <c>None</c>.</summary>
    NotChecked,

    NotSwapped,

    Swapped,

    /// <summary>Asked, but no answer: provider error, timeout, open circuit, or a number the provider cannot cover.</summary>
    Unknown,
}

/// <summary>What the send flow must do.</summary>
internal enum SimSwapAction
{
    Send,

    /// <summary>Send, and report <c>decision:"flag"</c> so the login flow can step up.</summary>
    SendFlagged,

    /// <summary>Do not send: <c>422 sim_swap_detected</c>.</summary>
    Block,

    /// <summary>Do not send: the check is required (fail-closed) and the provider cannot answer. <c>503</c>.</summary>
    Unavailable,
}

/// <summary>The outcome of one SIM-swap assessment, with the strings of the API's <c>risk</c> object.</summary>
internal sealed record SimSwapVerdict(SimSwapStatus Status, SimSwapAction Action)
{
    public static readonly SimSwapVerdict NotChecked = new(SimSwapStatus.NotChecked, SimSwapAction.Send);

    /// <summary><c>"not_checked" | "not_swapped" | "swapped" | "unknown"</c>.</summary>
    public string SimSwap => Status switch
    {
        SimSwapStatus.NotSwapped => "not_swapped",
        SimSwapStatus.Swapped => "swapped",
        SimSwapStatus.Unknown => "unknown",
        _ => "not_checked",
    };

    /// <summary><c>"flag"</c> when the code is sent flagged, otherwise <c>"allow"</c>.</summary>
    public string Decision => Action == SimSwapAction.SendFlagged ? "flag" : "allow";

    /// <summary>
    /// The policy table. A definite swap follows the policy; an unknown answer is sent flagged, except that a fail-closed
    /// <c>Block</c> policy refuses (503) rather than send unchecked.
    /// </summary>
    public static SimSwapVerdict Decide(SimSwapPolicy policy, bool failOpen, SimSwapStatus status) => (policy, status) switch
    {
        (SimSwapPolicy.Off, _) or (_, SimSwapStatus.NotChecked) => NotChecked,
        (_, SimSwapStatus.NotSwapped) => new(status, SimSwapAction.Send),
        (SimSwapPolicy.Block, SimSwapStatus.Swapped) => new(status, SimSwapAction.Block),
        (_, SimSwapStatus.Swapped) => new(status, SimSwapAction.SendFlagged),
        (SimSwapPolicy.Block, _) when !failOpen => new(SimSwapStatus.Unknown, SimSwapAction.Unavailable),
        _ => new(SimSwapStatus.Unknown, SimSwapAction.SendFlagged),
    };
}
