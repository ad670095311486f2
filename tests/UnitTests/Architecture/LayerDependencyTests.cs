using System.Reflection;
using NetArchTest.Rules;

namespace EssalOffice.UnitTests.Architecture;

/// <summary>Dependencies point inwards: Domain ← Application ← Infrastructure, WebApi.</summary>
public sealed class LayerDependencyTests
{
    private static readonly Assembly Domain = typeof(EssalOffice.Domain.ApiTokens.ApiToken).Assembly;
    private static readonly Assembly Application = typeof(EssalOffice.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(EssalOffice.Infrastructure.DependencyInjection).Assembly;

    [Fact]
    public void Domain_DependsOnNoOtherLayerNorFramework()
    {
        var result = Types.InAssembly(Domain).ShouldNot()
            .HaveDependencyOnAny("EssalOffice.Application", "EssalOffice.Infrastructure", "EssalOffice.WebApi",
                "Microsoft.AspNetCore", "Npgsql", "Dapper", "Mediator", "FluentValidation")
            .GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Application_DoesNotDependOnInfrastructureOrWebApi()
    {
        var result = Types.InAssembly(Application).ShouldNot()
            .HaveDependencyOnAny("EssalOffice.Infrastructure", "EssalOffice.WebApi", "Microsoft.AspNetCore", "Npgsql", "Dapper")
            .GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void Infrastructure_DoesNotDependOnWebApi()
    {
        var result = Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("EssalOffice.WebApi").GetResult();
        Assert.True(result.IsSuccessful, Describe(result));
    }

    [Fact]
    public void TheRuleEngine_SeesRealDependencies()
    {
        // Guards the rules above against passing vacuously: Application does use Domain.
        var uses = Types.InAssembly(Application).That().HaveDependencyOn("EssalOffice.Domain").GetTypes();
        Assert.NotEmpty(uses);
    }

    [Fact]
    public void Handlers_AreInternalAndSealed()
    {
        var handlers = Types.InAssembly(Application).That().HaveNameEndingWith("Handler").GetTypes().ToList();
        Assert.NotEmpty(handlers);
        Assert.All(handlers, h => Assert.True(h is { IsNotPublic: true, IsSealed: true }, $"{h.Name} should be internal sealed"));
    }

    private static string Describe(TestResult result) =>
        "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
