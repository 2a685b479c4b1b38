namespace SecureOtp.Api.Otp;

/// <summary>
/// The client and tenant of the start-up warm-up (<c>Hosting/WarmUp</c>): parentheses are outside every name
/// <c>Auth:ApiKeys</c> accepts, so it is nobody's. The warm-up verifies through the real pipeline, audit line included,
/// so the logging path is compiled before real traffic too; but a warm-up of up to 10 s makes some 10,000 verifies —
/// noise in an audit trail at every pod start — so only its first <see cref="AuditLinesWritten"/> verify audit lines
/// per process are written (marked <c>client=(warm-up)</c>), enough for the JIT to optimise the logging call.
/// </summary>
internal sealed class WarmUpClient
{
    public const string Name = "(warm-up)";

    public const int AuditLinesWritten = 300;

    private int auditLines;

    /// <summary>Whether this verify's audit line is written: always for a real client; for the warm-up, its first
    /// <see cref="AuditLinesWritten"/> only.</summary>
    public bool Audits(string client) =>
        !string.Equals(client, Name, StringComparison.Ordinal) || Interlocked.Increment(ref auditLines) <= AuditLinesWritten;
}
