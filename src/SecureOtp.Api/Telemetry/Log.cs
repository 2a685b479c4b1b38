namespace SecureOtp.Api.Telemetry;

/// <summary>
/// Every log line the service writes, in one place so "we never log a code, a secret, an API key or a full phone number"
/// can be checked by reading one file. Users appear as their slot tag (a keyed hash), phones as <see cref="Redact.Phone"/>.
/// </summary>
internal static partial class Log
{
    // 1001, 1006 and 5001 are Debug: the one Information line per send is the audit line (1007), which carries the same
    // client, user reference, masked phone, SIM-swap result and decision. Four console lines per send cost the 2-core
    // benchmark machine measurable CPU (the console logger takes a lock per line) and said the same thing four times.
    [LoggerMessage(1001, LogLevel.Debug, "OTP sent: client={Client} user={UserTag} phone={MaskedPhone} purpose={Purpose} keyId={KeyId}")]
    public static partial void CodeSent(ILogger logger, string client, string userTag, string maskedPhone, string purpose, string keyId);

    [LoggerMessage(1003, LogLevel.Warning, "OTP not delivered, verification withdrawn: client={Client} user={UserTag} phone={MaskedPhone} reason={Reason}")]
    public static partial void SendFailed(ILogger logger, string client, string userTag, string maskedPhone, string reason);

    [LoggerMessage(1005, LogLevel.Warning, "Rate limit {Limit} refused a send: client={Client} phone={MaskedPhone} retryAfter={RetryAfterSeconds}s")]
    public static partial void RateLimited(ILogger logger, string client, string maskedPhone, string limit, double retryAfterSeconds);

    [LoggerMessage(1103, LogLevel.Warning, "Rate limit {Limit} refused a verify: client={Client} user={UserTag} retryAfter={RetryAfterSeconds}s")]
    public static partial void VerifyRateLimited(ILogger logger, string client, string userTag, string limit, double retryAfterSeconds);

    [LoggerMessage(1006, LogLevel.Debug, "Risk decision: client={Client} phone={MaskedPhone} simSwap={SimSwap} action={Action}")]
    public static partial void RiskDecision(ILogger logger, string client, string maskedPhone, string simSwap, string action);

    [LoggerMessage(1007, LogLevel.Information, "Audit send: client={Client} user={UserRef} phone={MaskedPhone} result={Result} reason={Reason}")]
    public static partial void SendAudit(ILogger logger, string client, string userRef, string maskedPhone, string result, string reason);

    [LoggerMessage(1004, LogLevel.Information, "OTP send replayed for Idempotency-Key: client={Client}")]
    public static partial void SendReplayed(ILogger logger, string client);

    [LoggerMessage(1101, LogLevel.Information, "OTP verify: client={Client} user={UserTag} outcome={Outcome}")]
    public static partial void VerifyOutcome(ILogger logger, string client, string userTag, string outcome);

    [LoggerMessage(1102, LogLevel.Error, "A verification names hash key id {KeyId}, which is no longer configured; it cannot be verified. Keep retired keys until their codes expire.")]
    public static partial void UnknownHashKey(ILogger logger, string keyId);

    [LoggerMessage(1201, LogLevel.Information, "OTP cancelled: client={Client} user={UserTag}")]
    public static partial void Cancelled(ILogger logger, string client, string userTag);

    [LoggerMessage(1202, LogLevel.Information, "OTP cancel changed nothing (unknown, expired, already used or cancelled, or another tenant's): client={Client}")]
    public static partial void NothingToCancel(ILogger logger, string client);

    [LoggerMessage(1401, LogLevel.Information, "Test numbers: tenant={Tenant} count={Count} (their sends text nothing and take the configured code)")]
    public static partial void TestNumbersConfigured(ILogger logger, string tenant, int count);

    [LoggerMessage(1402, LogLevel.Debug, "OTP stored for a test number, nothing sent: client={Client} user={UserTag} phone={MaskedPhone} purpose={Purpose}")]
    public static partial void TestCodeStored(ILogger logger, string client, string userTag, string maskedPhone, string purpose);

    [LoggerMessage(1301, LogLevel.Information, "Audit totp: client={Client} user={UserRef} operation={Operation} result={Result} outcome={Outcome}")]
    public static partial void TotpAudit(ILogger logger, string client, string userRef, string operation, string result, string outcome);

    [LoggerMessage(1302, LogLevel.Error, "A TOTP enrolment cannot be opened (secret key id {KeyId} {Cause}): it answers not_enrolled. Keep retired Totp:SecretKeys until every enrolment sealed under them is re-enrolled; user={UserRef}")]
    public static partial void TotpSecretUnreadable(ILogger logger, string keyId, string cause, string userRef);

    [LoggerMessage(2001, LogLevel.Warning, "Store unavailable ({Cause}); answered 503 store_unavailable")]
    public static partial void StoreUnavailable(ILogger logger, string cause);

    [LoggerMessage(2002, LogLevel.Warning, "Redis connection to {EndPoint} failed: {FailureType}")]
    public static partial void RedisConnectionFailed(ILogger logger, string endPoint, string failureType);

    [LoggerMessage(2003, LogLevel.Information, "Redis connection to {EndPoint} restored")]
    public static partial void RedisConnectionRestored(ILogger logger, string endPoint);

    [LoggerMessage(2004, LogLevel.Warning, "Redis is not reachable at start-up; the service runs and answers 503 until it is")]
    public static partial void RedisStartingDisconnected(ILogger logger);

    [LoggerMessage(2005, LogLevel.Warning, "Could not preload the Lua scripts on {EndPoint} ({Cause}); they load on first use instead")]
    public static partial void ScriptPreloadFailed(ILogger logger, string endPoint, string cause);

    [LoggerMessage(4001, LogLevel.Warning, "SMS provider failed: {Failure} ({Detail}); no code is left live")]
    public static partial void SmsProviderFailed(ILogger logger, string failure, string detail);

    [LoggerMessage(4002, LogLevel.Error, "Vonage refused our request with status {VonageStatus} (HTTP {HttpStatus}): our credentials, account or sender configuration need fixing")]
    public static partial void SmsConfigurationFault(ILogger logger, string vonageStatus, int httpStatus);

    [LoggerMessage(4003, LogLevel.Information, "Vonage refused the destination with status {VonageStatus}")]
    public static partial void SmsDestinationRejected(ILogger logger, string vonageStatus);

    [LoggerMessage(4004, LogLevel.Information, "SMS send retry {Attempt} after {Cause}, waiting {DelayMs} ms")]
    public static partial void SmsRetry(ILogger logger, int attempt, string cause, double delayMs);

    [LoggerMessage(4005, LogLevel.Error, "SMS circuit breaker opened for {Seconds} s: sends fail fast with 503 sms_unavailable")]
    public static partial void SmsBreakerOpened(ILogger logger, double seconds);

    [LoggerMessage(4006, LogLevel.Information, "SMS circuit breaker closed: the provider answers again")]
    public static partial void SmsBreakerClosed(ILogger logger);

    [LoggerMessage(2006, LogLevel.Information, "Shutting down: readiness is failing; serving for {Seconds} s more so traffic moves away")]
    public static partial void Draining(ILogger logger, double seconds);

    [LoggerMessage(2008, LogLevel.Warning, "Redis: first connection failed ({Cause}); trying again in {DelayMs} ms, answering 503 meanwhile")]
    public static partial void RedisFirstConnectFailed(ILogger logger, string cause, double delayMs);

    [LoggerMessage(2010, LogLevel.Warning, "Redis clean-up queue is full ({Capacity}): undos of requests answered 503 are being dropped; their limit entries count until their windows end")]
    public static partial void CleanupQueueFull(ILogger logger, int capacity);

    [LoggerMessage(2011, LogLevel.Warning, "Gave up {Count} Redis clean-ups ({Result}, kinds {Kinds}): unless Redis still runs those already sent, what requests answered 503 wrote stays until it expires")]
    public static partial void CleanupsDropped(ILogger logger, int count, string result, string kinds);

    [LoggerMessage(2012, LogLevel.Error, "A Redis clean-up of kind {Kind} failed unexpectedly and was dropped")]
    public static partial void CleanupFailed(ILogger logger, string kind, Exception exception);

    [LoggerMessage(3001, LogLevel.Warning, "Rejected API key: {Reason}")]
    public static partial void ApiKeyRejected(ILogger logger, string reason);

    [LoggerMessage(5001, LogLevel.Debug, "SIM-swap check: phone={MaskedPhone} simSwap={SimSwap} action={Action} basis={Basis}")]
    public static partial void SimSwapDecision(ILogger logger, string maskedPhone, string simSwap, string action, string basis);

    [LoggerMessage(5002, LogLevel.Warning, "SIM-swap provider {Provider} failed: {Failure} ({Detail}); the risk is unknown")]
    public static partial void SimSwapProviderFailed(ILogger logger, string provider, string failure, string detail);

    [LoggerMessage(5003, LogLevel.Error, "SIM-swap provider {Provider} refused our request (HTTP {HttpStatus}, {Code}): credentials, registration or scope need fixing")]
    public static partial void SimSwapConfigurationFault(ILogger logger, string provider, int httpStatus, string code);

    [LoggerMessage(5004, LogLevel.Information, "SIM-swap provider {Provider} cannot answer for this number (HTTP {HttpStatus}, {Code}); the risk is unknown")]
    public static partial void SimSwapNotApplicable(ILogger logger, string provider, int httpStatus, string code);

    [LoggerMessage(5005, LogLevel.Information, "SIM-swap check retry after {Cause}, waiting {DelayMs} ms")]
    public static partial void SimSwapRetry(ILogger logger, string cause, double delayMs);

    [LoggerMessage(5006, LogLevel.Error, "SIM-swap circuit breaker opened for {Seconds} s: checks answer unknown without asking the provider")]
    public static partial void SimSwapBreakerOpened(ILogger logger, double seconds);

    [LoggerMessage(5007, LogLevel.Information, "SIM-swap circuit breaker closed: the provider answers again")]
    public static partial void SimSwapBreakerClosed(ILogger logger);

    [LoggerMessage(5008, LogLevel.Error, "SIM-swap provider {Provider} failed unexpectedly; the risk is unknown")]
    public static partial void SimSwapUnexpectedFailure(ILogger logger, string provider, Exception exception);

    [LoggerMessage(6001, LogLevel.Warning, "appsettings.json is not in the content root {ContentRoot}: the service runs on built-in defaults, environment variables and arguments only (Information logging for every framework category included). Start it from its folder or pass --contentRoot <its folder>.")]
    public static partial void SettingsFileMissing(ILogger logger, string contentRoot);

    [LoggerMessage(6002, LogLevel.Information, "Warm-up done: {Requests} in-process requests in {Milliseconds:F0} ms, {Methods} methods compiled in {JitMilliseconds:F0} ms of JIT, ended by {EndedBy}; readiness now follows the store")]
    public static partial void WarmUpDone(ILogger logger, int requests, double milliseconds, long methods, double jitMilliseconds, string endedBy);

    [LoggerMessage(6003, LogLevel.Warning, "Warm-up stopped after {Requests} in-process requests ({Cause}); the process serves without it")]
    public static partial void WarmUpStopped(ILogger logger, int requests, string cause);

    [LoggerMessage(6004, LogLevel.Warning, "Warm-up could not remove what it stored ({Cause}): its records and limit logs expire on their own")]
    public static partial void WarmUpRemovalFailed(ILogger logger, string cause);

    [LoggerMessage(6005, LogLevel.Debug, "Warm-up: {Methods} methods compiled in the last 500 ms ({Requests} requests so far)")]
    public static partial void WarmUpJitWindow(ILogger logger, long methods, int requests);

    [LoggerMessage(7001, LogLevel.Warning, "Could not store the delivery tracking of a sent code (client={Client} user={UserTag}, {Cause}): its receipts will find nothing; the code works")]
    public static partial void DeliveryTrackingFailed(ILogger logger, string client, string userTag, string cause);

    // Debug: the webhook takes no API key, so anyone can make it refuse; secureotp.sms.receipts{result} counts refusals.
    [LoggerMessage(7002, LogLevel.Debug, "Delivery receipt refused: {Result}")]
    public static partial void ReceiptRefused(ILogger logger, string result);

    [LoggerMessage(7003, LogLevel.Debug, "Delivery receipt applied: status={Status} country={Country} errorCode={ErrorCode} cooldownLifted={Failed}")]
    public static partial void ReceiptApplied(ILogger logger, string status, string country, string errorCode, bool failed);

    [LoggerMessage(7004, LogLevel.Warning, "Sms:Vonage:SignatureSecret is not set: every delivery receipt will be refused (401). Set it to the account's signature secret, with Sms:Vonage:SignatureMethod, to track delivery.")]
    public static partial void ReceiptsRefusedWithoutSecret(ILogger logger);

    [LoggerMessage(7005, LogLevel.Warning, "Development without Sms:Vonage:SignatureSecret: delivery receipts are accepted unsigned")]
    public static partial void ReceiptsAcceptedUnsigned(ILogger logger);

    [LoggerMessage(7006, LogLevel.Warning, "Route demoted: provider={Provider} country={Country} deliveredShare={DeliveredShare} settled={Settled}; it is tried last there for {Minutes} min")]
    public static partial void RouteDemoted(ILogger logger, string provider, string country, double deliveredShare, int settled, double minutes);

    [LoggerMessage(7007, LogLevel.Information, "Route restored: provider={Provider} country={Country} is back in its configured place")]
    public static partial void RouteRestored(ILogger logger, string provider, string country);

    [LoggerMessage(7008, LogLevel.Warning, "Route learning unavailable ({Cause}): routes stay as configured")]
    public static partial void RouteLearningUnavailable(ILogger logger, string cause);

    [LoggerMessage(7009, LogLevel.Warning, "SMS failover: provider={Provider} country={Country} took nothing ({Reason}); trying {Next}")]
    public static partial void SmsFailover(ILogger logger, string provider, string country, string reason, string next);

    [LoggerMessage(7010, LogLevel.Warning, "SMS not sent: every provider of the route for country={Country} failed ({Attempts})")]
    public static partial void SmsRouteExhausted(ILogger logger, string country, string attempts);

    [LoggerMessage(7101, LogLevel.Information, "Channel send: channel={Channel} provider={Provider} result={Result}")]
    public static partial void ChannelSendResult(ILogger logger, string channel, string provider, string result);

    [LoggerMessage(7102, LogLevel.Warning, "Channel {Channel}: circuit breaker {State}")]
    public static partial void ChannelBreaker(ILogger logger, string channel, string state);

    [LoggerMessage(7103, LogLevel.Information, "Channel {Channel}: retry {Retry} in {DelayMs} ms")]
    public static partial void ChannelRetry(ILogger logger, string channel, int retry, double delayMs);
}
