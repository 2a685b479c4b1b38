using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Timeout;
using SecureOtp.Api.Security;
using SecureOtp.Api.Sms;
using SecureOtp.Api.Telemetry;

namespace SecureOtp.Api.Channels;

/// <summary>
/// A channel through a Vonage application API: <c>POST {Delivery:Vonage:BaseUrl}{path}</c> with the application JWT and
/// the JSON the channel builds, behind the channel's own resilience pipeline (<see cref="ChannelPipelines"/>), every way
/// it can end sorted into a <see cref="ProviderSendResult"/>. The voice and WhatsApp channels differ only in path, body
/// and the answer's id field.
/// </summary>
internal abstract class VonageChannelSender(
    IHttpClientFactory httpClients,
    IServiceProvider services,
    ResiliencePipelineProvider<string> pipelines,
    IOptions<DeliveryOptions> options,
    ILogger logger) : IChannelSender
{
    public const string ProviderName = "vonage";

    private readonly Lock pipelineLock = new();
    private ResiliencePipeline<ChannelAttempt>? pipeline;

    public string Provider => ProviderName;

    /// <summary>The channel's name (<see cref="ChannelNames"/>), its pipeline's key suffix and its metric label.</summary>
    protected abstract string Channel { get; }

    protected abstract string Path { get; }

    protected abstract string IdField { get; }

    protected abstract JsonObject Body(ChannelMessage message, DeliveryOptions options);

    /// <summary>The channel's pipeline, resolved once under a lock: Polly's registry may run its builder twice for
    /// concurrent first calls, and the second build fails on the breaker state provider the first already took (seen as
    /// an exception on the first voice calls of a burst of fallbacks).</summary>
    private ResiliencePipeline<ChannelAttempt> Pipeline()
    {
        if (Volatile.Read(ref pipeline) is { } resolved)
        {
            return resolved;
        }

        lock (pipelineLock)
        {
            return pipeline ??= pipelines.GetPipeline<ChannelAttempt>(ChannelPipelines.Name(Channel));
        }
    }

    public async Task<ProviderSendResult> TrySendAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        using var span = SecureOtpTelemetry.Source.StartActivity("channel.send");
        span?.SetTag("secureotp.channel", Channel);
        var pipeline = Pipeline();
        ProviderSendResult result;
        try
        {
            var attempt = await pipeline.ExecuteAsync(static async (state, token) => await state.self.PostAsync(state.message, token),
                (self: this, message), cancellationToken);
            result = attempt.ToResult(ProviderName);
        }
        catch (BrokenCircuitException open)
        {
            result = new ProviderSendResult.CertainlyNotSent("circuit_open", open.RetryAfter, NotSentCause.CircuitOpen);
        }
        catch (TimeoutRejectedException)
        {
            result = new ProviderSendResult.Unknown("timeout");
        }
        catch (HttpRequestException e)
        {
            result = ChannelPipelines.CertainlyNotSent(Outcome.FromException<ChannelAttempt>(e))
                ? new ProviderSendResult.CertainlyNotSent("connection", null, NotSentCause.Transient)
                : new ProviderSendResult.Unknown("connection");
        }

        span?.SetTag("secureotp.outcome", result.Label);
        Log.ChannelSendResult(logger, Channel, ProviderName, result.Label);
        return result;
    }

    private async Task<ChannelAttempt> PostAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var jwt = services.GetRequiredKeyedService<VonageApplicationJwt>(ChannelExtensions.VonageHttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(o.Vonage.BaseUrl, Path))
        {
            Content = new StringContent(Body(message, o).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt.CreateToken());
        request.Headers.Accept.ParseAdd("application/json");
        using var http = httpClients.CreateClient(ChannelExtensions.VonageHttpClientName);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return ChannelAttempt.Read(response.StatusCode, body, response.Headers.RetryAfter?.Delta, IdField);
    }

    /// <summary>The destination as Vonage's JSON APIs take it: digits, no '+'.</summary>
    protected static string Digits(string e164) => e164.TrimStart('+');
}
