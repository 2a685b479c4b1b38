namespace SecureOtp.Api.Hosting.WarmUp;

/// <summary>
/// Hands the warm-up the application's built request pipeline (every middleware and endpoint, as the server calls them),
/// whichever server hosts it (Kestrel, or the test server). It adds no middleware: the function it registers returns the
/// rest of the pipeline unchanged and only keeps a reference to it, so a real request pays nothing for it.
/// </summary>
internal sealed class PipelineCapture : IStartupFilter
{
    private readonly TaskCompletionSource<RequestDelegate> pipeline = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the server has built the pipeline (when the host starts).</summary>
    public Task<RequestDelegate> Pipeline => pipeline.Task;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(rest =>
        {
            pipeline.TrySetResult(rest);
            return rest;
        });
        next(app);
    };
}
