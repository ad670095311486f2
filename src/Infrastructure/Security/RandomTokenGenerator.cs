using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;

namespace EssalOffice.Infrastructure.Security;

internal sealed class RandomTokenGenerator : ITokenGenerator
{
    public string NewToken() => ApiTokenFormat.Generate();
}
