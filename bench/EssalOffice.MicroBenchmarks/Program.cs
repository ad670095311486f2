using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["--footprint", var count])
{
    EssalOffice.MicroBenchmarks.CacheFootprint.Print(int.Parse(count));
    return;
}

// In-process: no child project to generate and restore, so it runs the same on a machine without network.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(EssalOffice.MicroBenchmarks.TokenValidationBenchmarks).Assembly).Run(args, config);
