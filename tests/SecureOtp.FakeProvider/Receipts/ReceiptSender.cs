using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SecureOtp.FakeProvider.Sms;
using SecureOtp.FakeProvider.Telemetry;

namespace SecureOtp.FakeProvider.Receipts;

/// <summary>A text the fake accepted, as its receipts need it.</summary>
internal sealed record AcceptedText(string To, string From, string? ClientRef, IReadOnlyList<string> MessageIds, Uri? Callback);

/// <summary>
/// Posts a delivery receipt per part of each accepted text, after a delay, to the text's <c>callback</c> or the configured
/// URL — loopback only — signed when a signature secret is configured. What each number's texts get is set with
/// <c>POST /receipts/numbers</c>, like faults; <c>GET /receipts</c> lists what was posted and what the receiver answered.
/// </summary>
internal sealed class ReceiptSender(
    IHttpClientFactory httpClients,
    IOptions<ReceiptOptions> options,
    IOptions<FakeVonageOptions> account,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<ReceiptSender> logger)
{
    public const string HttpClientName = "receipts";

    private readonly Lock gate = new();
    private readonly Dictionary<string, ReceiptRule> rules = new(StringComparer.Ordinal);
    private readonly List<PostedReceipt> posted = [];

    public void SetRule(ReceiptRule rule)
    {
        lock (gate)
        {
            rules[rule.To] = rule;
        }
    }

    public ReceiptRule[] Rules()
    {
        lock (gate)
        {
            return [.. rules.Values];
        }
    }

    /// <summary>Posted receipts, oldest first, for one number or all.</summary>
    public PostedReceipt[] Posted(string? to)
    {
        lock (gate)
        {
            return [.. posted.Where(p => to is null || p.To == to)];
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            rules.Clear();
            posted.Clear();
        }
    }

    public void Schedule(AcceptedText text)
    {
        var url = text.Callback ?? options.Value.CallbackUrl;
        if (url is null)
        {
            return;
        }

        if (!url.IsAbsoluteUri || !url.IsLoopback)
        {
            Log.ReceiptUrlRefused(logger, url.Host);
            return;
        }

        ReceiptRule? rule;
        lock (gate)
        {
            rule = rules.GetValueOrDefault(text.To);
        }

        if (rule is { Send: false })
        {
            return;
        }

        var delay = TimeSpan.FromMilliseconds(rule?.DelayMs ?? options.Value.DelayMs);
        var format = rule?.Format ?? options.Value.Format;
        _ = Task.Run(() => PostAllAsync(text, url, rule, format, delay, lifetime.ApplicationStopping));
    }

    private async Task PostAllAsync(AcceptedText text, Uri url, ReceiptRule? rule, string format, TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping);
            foreach (var messageId in text.MessageIds)
            {
                var parameters = Parameters(text, messageId, rule?.Status ?? "delivered", rule?.ErrCode ?? "0");
                var status = await PostAsync(url, parameters, format, stopping);
                lock (gate)
                {
                    posted.Add(new PostedReceipt(messageId, text.To, parameters["status"], format, status));
                }

                Log.ReceiptPosted(logger, Destination.Mask(text.To), parameters["status"], format, status);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Vonage's receipt fields, signed when a secret is configured.</summary>
    private Dictionary<string, string> Parameters(AcceptedText text, string messageId, string status, string errCode)
    {
        var now = time.GetUtcNow();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["msisdn"] = text.To,
            ["to"] = text.From,
            ["network-code"] = Sms.VonageMessage.NetworkCode,
            ["messageId"] = messageId,
            ["price"] = Sms.VonageMessage.PricePerPart,
            ["status"] = status,
            ["scts"] = now.ToString("yyMMddHHmm", CultureInfo.InvariantCulture),
            ["err-code"] = errCode,
            ["api-key"] = account.Value.ApiKey,
            ["message-timestamp"] = now.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["timestamp"] = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["nonce"] = Guid.NewGuid().ToString(),
        };
        if (text.ClientRef is { } clientRef)
        {
            parameters["client-ref"] = clientRef;
        }

        if (options.Value.SignatureSecret is { Length: > 0 } secret)
        {
            parameters["sig"] = ReceiptSignature.Sign(parameters, secret, options.Value.SignatureMethod);
        }

        return parameters;
    }

    /// <returns>The receiver's HTTP status, or 0 when it did not answer.</returns>
    private async Task<int> PostAsync(Uri url, Dictionary<string, string> parameters, string format, CancellationToken stopping)
    {
        using var http = httpClients.CreateClient(HttpClientName);
        try
        {
            using var response = format switch
            {
                ReceiptRule.GetFormat => await http.GetAsync(QueryHelpers.AddQueryString(url.ToString(), parameters!), stopping),
                ReceiptRule.JsonFormat => await http.PostAsJsonAsync(url, parameters, JsonSerializerOptions.Web, stopping),
                _ => await http.PostAsync(url, new FormUrlEncodedContent(parameters), stopping),
            };
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
