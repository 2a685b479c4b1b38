using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SecureOtp.FakeProvider.Faults;
using SecureOtp.FakeProvider.Messages;
using SecureOtp.FakeProvider.Receipts;
using SecureOtp.FakeProvider.State;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Sms;

/// <summary>What the fake Vonage does with a submission; <see cref="SmsApi"/> turns it into HTTP.</summary>
internal sealed class FakeVonage(
    FakeProviderState state, ReceiptSender receipts, IOptions<FakeVonageOptions> options, TimeProvider time, ILogger<FakeVonage> logger)
{
    /// <summary>Counts the request (every one, so tests can count retries) and takes the fault it should suffer, if any.</summary>
    public Fault? Receive(SmsSubmission submission)
    {
        var destination = Destination.Normalize(submission.To);
        state.CountRequest(destination);
        var fault = state.TakeFault(destination);
        if (fault is not null)
        {
            Log.FaultApplied(logger, fault.Id, fault.Kind, Destination.Mask(destination));
        }

        return fault;
    }

    /// <summary>Answers as Vonage would, recording the message when it is accepted.</summary>
    public VonageResponse Submit(SmsSubmission submission)
    {
        if (submission.FindError(options.Value) is { } error)
        {
            Log.Rejected(logger, error.Status, error.ErrorText, Destination.Mask(Destination.Normalize(submission.To)));
            return VonageResponse.Rejected(error, submission.To);
        }

        // FindError has checked these are present.
        var to = submission.To!;
        var text = submission.Text!;
        var parts = SmsParts.Count(text, submission.IsUnicode);
        // Vonage gives every part its own id: 16 upper-case hex digits.
        var entries = Enumerable.Range(0, parts)
            .Select(_ => VonageMessage.AcceptedPart(to, RandomNumberGenerator.GetHexString(16), submission.ClientRef))
            .ToArray();

        var type = submission.IsUnicode ? SmsSubmission.UnicodeType : SmsSubmission.TextType;
        var messageId = entries[0].MessageId!;
        state.Record(new RecordedMessage(
            to, submission.From!, text, type, submission.ClientRef, messageId, parts, time.GetUtcNow().UtcDateTime));
        Log.Accepted(logger, Destination.Mask(to), type, parts, messageId);
        receipts.Schedule(new AcceptedText(to, submission.From!, submission.ClientRef, [.. entries.Select(e => e.MessageId!)], submission.Callback));

        return VonageResponse.Of(entries);
    }
}
