namespace EssalOffice.Application.Abstractions;

/// <summary>Makes new token secrets; a port so that tests can force a collision.</summary>
public interface ITokenGenerator
{
    string NewToken();
}
