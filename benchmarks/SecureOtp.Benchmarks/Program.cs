using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// ShortRun (3 warm-ups, 3 iterations, 1 launch) in-process: the machine is shared, so runs stay short, and the in-process
// toolchain skips generating and building a second project for every run (minutes on 2 shared cores).
// Pass --job default (or any BenchmarkDotNet switch) for longer, steadier runs.
var config = ManualConfig.CreateEmpty()
    .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumnProvider(DefaultColumnProviders.Instance)
    .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
    .AddExporter(MarkdownExporter.GitHub)
    .WithOptions(ConfigOptions.JoinSummary)
    .WithSummaryStyle(BenchmarkDotNet.Reports.SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend));

BenchmarkSwitcher.FromAssembly(typeof(SecureOtp.Benchmarks.KeyedHashBenchmarks).Assembly).Run(args, config);
