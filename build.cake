// Build targets: dotnet tool restore && dotnet cake --target=<Build|Test|Run>
var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
const string Solution = "./EssalOffice.sln";

Task("Build")
    .Does(() => DotNetBuild(Solution, new DotNetBuildSettings { Configuration = configuration }));

Task("Test")
    .IsDependentOn("Build")
    .Does(() => DotNetTest(Solution, new DotNetTestSettings { Configuration = configuration, NoBuild = true }));

Task("Run")
    .Does(() => DotNetRun("./src/WebApi/EssalOffice.WebApi.csproj", new DotNetRunSettings { Configuration = configuration }));

RunTarget(target);
