namespace SecureOtp.LoadTest;

/// <summary>The login flow: send, read the text from the fake Vonage server (GET /messages?to=), verify the right code (200).</summary>
internal sealed class FlowScenario(LoadContext context) : Scenario(context)
{
    public override string Name => "flow";

    public override string Operation => "send + GET provider /messages + verify (3 requests)";

    public override bool NeedsProvider => true;

    public override Task PrepareAsync(int workers, CancellationToken cancellationToken) => Context.Inbox.ClearAsync(cancellationToken);

    public override async Task<OpResult> ExecuteAsync(int worker, CancellationToken cancellationToken)
    {
        var (user, phone) = LoadContext.NextIdentity();
        var (status, id) = await Context.SendAsync(user, phone, cancellationToken);
        if (id is null)
        {
            return new(status, false);
        }

        var (textStatus, code) = await Context.Inbox.CodeForAsync(phone, cancellationToken);
        if (code is null)
        {
            return new(textStatus, false);
        }

        var verified = await Context.VerifyAsync(id, code, user, cancellationToken);
        return new(verified, verified == 200);
    }
}
