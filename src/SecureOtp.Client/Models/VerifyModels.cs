namespace SecureOtp.Client;

/// <summary>A verify of the code a user typed, naming the verification by its id.</summary>
public sealed class VerifyRequest
{
    /// <summary>The id the send answered.</summary>
    public required string VerificationId { get; init; }

    /// <summary>The code the user typed.</summary>
    public required string Code { get; init; }

    /// <summary>The user the login is for (required by the service's default configuration).</summary>
    public string? UserId { get; init; }

    /// <summary>The end user's IP address (per-IP verify limit).</summary>
    public string? ClientIp { get; init; }

    /// <summary>The payment the code was sent for, when it was.</summary>
    public OtpTransaction? Transaction { get; init; }
}

/// <summary>A verify naming the user and purpose instead of a verification id: it checks that user's live code for that purpose.</summary>
public sealed class VerifyByUserRequest
{
    /// <summary>The user the code was sent for.</summary>
    public required string UserId { get; init; }

    /// <summary>The purpose the code was sent for (<c>login</c> when the send named none).</summary>
    public required string Purpose { get; init; }

    /// <summary>The code the user typed.</summary>
    public required string Code { get; init; }

    /// <summary>The end user's IP address (per-IP verify limit).</summary>
    public string? ClientIp { get; init; }

    /// <summary>The payment the code was sent for, when it was.</summary>
    public OtpTransaction? Transaction { get; init; }
}

/// <summary>The <c>200</c> answer of an approved verify: the code is consumed.</summary>
public sealed class VerifyApproved
{
    /// <summary><c>approved</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>The verification the code belonged to.</summary>
    public string VerificationId { get; init; } = "";

    /// <summary>The user it was for.</summary>
    public string? UserId { get; init; }

    /// <summary>The purpose it was for.</summary>
    public string? Purpose { get; init; }

    /// <summary>The payment it was bound to, when it was.</summary>
    public OtpTransaction? Transaction { get; init; }
}

/// <summary>The <c>200</c> answer of <c>GET /otp/{id}</c>.</summary>
public sealed class VerificationStatus
{
    /// <summary>The verification's id.</summary>
    public string VerificationId { get; init; } = "";

    /// <summary><c>pending</c> or <c>locked</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>Wrong codes still allowed.</summary>
    public int AttemptsRemaining { get; init; }

    /// <summary>When the code stops working.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The purpose it was sent for.</summary>
    public string? Purpose { get; init; }

    /// <summary>What became of the text (or call), from the provider's receipts; null when nothing is known.</summary>
    public DeliveryStatus? Delivery { get; init; }

    /// <summary>The payment the code is bound to (canonical form), or null for a plain code.</summary>
    public OtpTransaction? Transaction { get; init; }
}

/// <summary>What became of a code's delivery.</summary>
public sealed class DeliveryStatus
{
    /// <summary><c>submitted</c>, <c>delivered</c>, <c>failed</c>, <c>expired</c>, <c>rejected</c> or <c>unknown</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>When the status last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The provider's error code, when it failed.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>How the code went.</summary>
    public string? Channel { get; init; }

    /// <summary>The provider that took it.</summary>
    public string? Provider { get; init; }

    /// <summary>Every provider tried, in order.</summary>
    public IReadOnlyList<DeliveryAttempt>? Attempts { get; init; }
}

/// <summary>One attempt to deliver the code: a provider tried on one channel.</summary>
public sealed class DeliveryAttempt
{
    /// <summary>The provider's name.</summary>
    public string Provider { get; init; } = "";

    /// <summary>What it did (<c>sent</c>, <c>not_sent</c>, …).</summary>
    public string Outcome { get; init; } = "";

    /// <summary>Why, as a bounded label.</summary>
    public string? Reason { get; init; }

    /// <summary>The channel of the attempt: <c>sms</c>, <c>voice</c> or <c>whatsapp</c>.</summary>
    public string? Channel { get; init; }

    /// <summary>The delivery's status, on the attempt a provider took (<c>submitted</c>, <c>delivered</c>, <c>failed</c>, …).</summary>
    public string? Status { get; init; }

    /// <summary>When that status last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The provider's code (or the call's or message's status) for a failure.</summary>
    public string? ErrorCode { get; init; }
}
