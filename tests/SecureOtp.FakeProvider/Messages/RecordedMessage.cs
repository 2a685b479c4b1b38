namespace SecureOtp.FakeProvider.Messages;

/// <summary>
/// A message the fake accepted. <see cref="MessageId"/> is the first part's id; <see cref="ReceivedAt"/> is UTC (a
/// <see cref="DateTime"/> of kind Utc, so it serializes with a trailing "Z").
/// </summary>
internal sealed record RecordedMessage(
    string To, string From, string Text, string Type, string? ClientRef, string MessageId, int Parts, DateTime ReceivedAt);

/// <summary>The body of <c>GET /stats</c>.</summary>
internal sealed record RequestStats(int Requests);
