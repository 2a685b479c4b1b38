using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SecureOtp.Client.Json;

namespace SecureOtp.Client.Http;

/// <summary>
/// Sends a call and repeats it only where its <see cref="RetryRule"/> allows: bounded by
/// <see cref="SecureOtpClientOptions.MaxRetries"/>, waiting the service's <c>Retry-After</c> when it names one.
/// </summary>
internal sealed partial class OtpTransport(HttpClient http, SecureOtpClientOptions options, TimeProvider time, ILogger logger)
{
    public async Task<RawAnswer> SendAsync(OtpCall call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var retriesLeft = attempt < options.MaxRetries;
            RawAnswer answer;
            try
            {
                answer = await AttemptAsync(call, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsLostAnswer(e, cancellationToken))
            {
                if (!retriesLeft || !call.Rule.AllowsRetryOfLostAnswer())
                {
                    throw new SecureOtpException($"SecureOtp did not answer {call.Operation}.", null, null, e);
                }

                var backOff = BackOff(attempt);
                LogRetry(logger, call.Operation, 0, attempt + 1, backOff);
                await Task.Delay(backOff, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (answer.IsSuccess || !retriesLeft || !call.Rule.AllowsRetryOf(answer.Status, ProblemTypeOf(answer)))
            {
                return answer;
            }

            var wait = answer.RetryAfter ?? BackOff(attempt);
            if (wait > options.MaxRetryAfter)
            {
                return answer; // the application decides whether its user waits that long
            }

            LogRetry(logger, call.Operation, answer.Status, attempt + 1, wait);
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<RawAnswer> AttemptAsync(OtpCall call, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.AttemptTimeout, time);
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = call.ToRequest();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token).ConfigureAwait(false);
        return new RawAnswer((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, RetryAfterOf(response));
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? (date - time.GetUtcNow()) switch { var d when d > TimeSpan.Zero => d, _ => TimeSpan.Zero } : null;
    }

    /// <summary>A lost answer: no connection, or the attempt timed out; never the caller's own cancellation.</summary>
    private static bool IsLostAnswer(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>Exponential from <see cref="SecureOtpClientOptions.RetryBaseDelay"/>, with up to 20% jitter so clients that failed together do not return together.</summary>
    private TimeSpan BackOff(int attempt) =>
        options.RetryBaseDelay * Math.Pow(2, attempt) * (1 + (RandomNumberGenerator.GetInt32(0, 200) / 1000.0));

    internal static string? ProblemTypeOf(RawAnswer answer) => ReadProblem(answer)?.Type;

    internal static ProblemBody? ReadProblem(RawAnswer answer)
    {
        if (!answer.IsJson || answer.Body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(answer.Body, ClientJsonContext.Default.ProblemBody);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "SecureOtp {Operation} answered {Status} (0: no answer); retry {Retry} in {Delay}")]
    private static partial void LogRetry(ILogger logger, string operation, int status, int retry, TimeSpan delay);
}
