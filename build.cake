// Build targets: dotnet tool restore && dotnet cake --target=<Build|Test|Run|Publish|Docker|Bench>
//   Publish  framework-dependent build of the web app into artifacts/publish
//   Docker   builds the image (--image=essal-office:latest) when `docker info` answers; without a Docker
//            engine it says so and succeeds, unless --require-docker is given, then it fails.
//   Bench    the hot-path macro benchmark (bench/run.sh, about 6 minutes; see bench/README.md). Not part of Test.
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var image = Argument("image", "essal-office:latest");
var requireDocker = HasArgument("require-docker");
const string Solution = "./EssalOffice.sln";
const string WebApi = "./src/WebApi/EssalOffice.WebApi.csproj";

Task("Build")
    .Does(() => DotNetBuild(Solution, new DotNetBuildSettings { Configuration = configuration }));

Task("Test")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(Solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true }));

Task("Run")
    .Does(() => DotNetRun(WebApi, new DotNetRunSettings { Configuration = configuration }));

Task("Publish")
    .Does(() => DotNetPublish(WebApi, new DotNetPublishSettings { Configuration = configuration, OutputDirectory = "./artifacts/publish" }));

Task("Docker")
    .Does(() =>
    {
        if (!DockerEngineAnswers())
        {
            var message = "No Docker engine available (`docker info` failed): the image was not built. " +
                          $"Where Docker runs: docker build -t {image} .";
            if (requireDocker) throw new CakeException(message);
            Warning(message);
            return;
        }
        var exit = StartProcess("docker", new ProcessSettings { Arguments = $"build -t {image} ." });
        if (exit != 0) throw new CakeException($"docker build failed (exit {exit}).");
        Information($"Built {image}.");
    });

Task("Bench")
    .Does(() =>
    {
        // The script builds what it needs in Release itself; its exit code is 2 when a scenario did not answer as expected.
        var exit = StartProcess("bash", new ProcessSettings { Arguments = "bench/run.sh" });
        if (exit != 0) throw new CakeException($"bench/run.sh failed (exit {exit}).");
    });

bool DockerEngineAnswers()
{
    try
    {
        return StartProcess("docker", new ProcessSettings { Arguments = "info", RedirectStandardOutput = true, RedirectStandardError = true }) == 0;
    }
    catch (Exception)
    {
        return false; // no docker client at all
    }
}

RunTarget(target);
