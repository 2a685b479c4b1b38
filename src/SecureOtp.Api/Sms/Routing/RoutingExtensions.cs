namespace SecureOtp.Api.Sms.Routing;

internal static class RoutingExtensions
{
    /// <summary>The routes, their planner and route learning (the learning store comes with <c>AddOtpStorage</c>).</summary>
    public static IServiceCollection AddSmsRouting(this IServiceCollection services)
    {
        services.AddSingleton<SmsRoutes>();
        services.AddSingleton<RouteLearning>();
        services.AddSingleton<RoutePlanner>();
        return services;
    }
}
