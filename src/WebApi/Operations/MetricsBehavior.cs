using System.Diagnostics;
using EssalOffice.Application.ApiTokens.AdminRevoke;
using EssalOffice.Application.ApiTokens.DeleteToken;
using EssalOffice.Application.ApiTokens.GenerateToken;
using EssalOffice.Application.ApiTokens.RotateToken;
using EssalOffice.Application.ApiTokens.ValidateToken;
using EssalOffice.Infrastructure.Observability;
using Mediator;

namespace EssalOffice.WebApi.Operations;

/// <summary>Observes the token use cases as they pass the mediator: validation latency and token events.</summary>
public sealed class MetricsBehavior<TMessage, TResponse>(EssalMetrics metrics) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is ValidateToken)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await next(message, cancellationToken);
            var result = response is TokenValidationResult { Succeeded: true } ? "valid" : "rejected";
            metrics.TokenValidated(Stopwatch.GetElapsedTime(started), result);
            return response;
        }

        var answer = await next(message, cancellationToken);
        switch (message)
        {
            case GenerateToken: metrics.TokenEvent("generated"); break;
            case RotateToken: metrics.TokenEvent("rotated"); break;
            case DeleteToken: metrics.TokenEvent("deleted"); break;
            case RevokeToken: metrics.TokenEvent("revoked_by_admin"); break;
            case RevokeAllUserTokens when answer is int count: metrics.TokenEvent("revoked_by_admin", count); break;
        }
        return answer;
    }
}
