using SecureOtp.Api.Sms;

namespace SecureOtp.UnitTests.TestSupport;

/// <summary>A hand-rolled <see cref="ISmsSender"/> (see <see cref="RecordingOtpStore"/> for why not NSubstitute).</summary>
internal sealed class RecordingSmsSender : ISmsSender
{
    public List<SmsMessage> Sent { get; } = [];

    /// <summary>What every send answers; accepted unless a test says otherwise.</summary>
    public SmsSendResult Result { get; set; } = SmsSendResult.Accepted;

    /// <summary>When set, every send throws this after recording the message.</summary>
    public Exception? Throws { get; set; }

    public Task<SmsSendResult> SendAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        Sent.Add(message);
        return Throws is null ? Task.FromResult(Result) : Task.FromException<SmsSendResult>(Throws);
    }
}
