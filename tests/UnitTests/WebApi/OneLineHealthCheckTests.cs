using EssalOffice.WebApi.Operations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NSubstitute;

namespace EssalOffice.UnitTests.WebApi;

public sealed class OneLineHealthCheckTests
{
    private readonly IHealthCheck _inner = Substitute.For<IHealthCheck>();
    private readonly HealthCheckContext _context = new()
    {
        Registration = new HealthCheckRegistration("npgsql", Substitute.For<IHealthCheck>(), HealthStatus.Unhealthy, ["ready"]),
    };

    [Fact]
    public async Task AFailureWithAnException_KeepsItsStatusAndData_AndGetsAOneLineReasonInsteadOfTheException()
    {
        var exception = new InvalidOperationException("Failed to connect to 127.0.0.1:5432", new IOException("Connection\nrefused"));
        var data = new Dictionary<string, object> { ["attempt"] = 1 };
        _inner.CheckHealthAsync(_context, Arg.Any<CancellationToken>())
            .Returns(new HealthCheckResult(HealthStatus.Unhealthy, exception.Message, exception, data));

        var result = await new OneLineHealthCheck(_inner).CheckHealthAsync(_context);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Null(result.Exception);
        Assert.Equal("Failed to connect to 127.0.0.1:5432 (IOException: Connection refused)", result.Description);
        Assert.Equal(1, result.Data["attempt"]);
    }

    [Fact]
    public async Task AFailureWithoutADescription_TakesTheExceptionsMessage()
    {
        _inner.CheckHealthAsync(_context, Arg.Any<CancellationToken>())
            .Returns(HealthCheckResult.Degraded(exception: new TimeoutException("Timeout during connection attempt")));

        var result = await new OneLineHealthCheck(_inner).CheckHealthAsync(_context);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Null(result.Exception);
        Assert.Equal("Timeout during connection attempt", result.Description);
    }

    [Fact]
    public async Task AResultWithoutAnException_IsPassedOnUnchanged()
    {
        var healthy = HealthCheckResult.Healthy("fine");
        using var cancellation = new CancellationTokenSource();
        _inner.CheckHealthAsync(_context, cancellation.Token).Returns(healthy);

        var result = await new OneLineHealthCheck(_inner).CheckHealthAsync(_context, cancellation.Token);

        Assert.Equal(healthy, result);
    }
}
