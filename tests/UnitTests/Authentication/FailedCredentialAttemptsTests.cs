using System.Net;
using EssalOffice.WebApi.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EssalOffice.UnitTests.Authentication;

public sealed class FailedCredentialAttemptsTests
{
    private readonly FailedCredentialAttempts _attempts = new(Options.Create(new BruteForceOptions
    {
        FailuresPerAddress = 2,
        FailuresPerUsername = 3,
        WindowSeconds = 60,
    }));

    [Fact]
    public void AnAddress_IsBlockedOnlyAfterItsFailures_AndOnlyItself()
    {
        var attacker = From("192.0.2.1");
        Assert.Null(_attempts.AddressBlocked(attacker));
        _attempts.TokenFailed(attacker);
        Assert.Null(_attempts.AddressBlocked(attacker));
        _attempts.SignInFailed(attacker, "someone");

        var wait = _attempts.AddressBlocked(attacker);
        Assert.NotNull(wait);
        Assert.InRange(wait.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Null(_attempts.AddressBlocked(From("192.0.2.2")));
    }

    [Fact]
    public void CheckingWhetherBlocked_TakesNothing()
    {
        var client = From("192.0.2.3");
        for (var i = 0; i < 100; i++) Assert.Null(_attempts.AddressBlocked(client));
    }

    [Fact]
    public void AUsername_IsBlockedAfterItsFailuresFromAnyAddress_WhateverTheLetterCase()
    {
        for (var i = 0; i < 3; i++) _attempts.SignInFailed(From($"198.51.100.{i}"), i % 2 == 0 ? "Alice" : " alice ");
        Assert.NotNull(_attempts.UsernameBlocked("ALICE"));
        Assert.Null(_attempts.UsernameBlocked("bob"));
        // Nothing to key on: left to validation, never blocked and never stored.
        Assert.Null(_attempts.UsernameBlocked(null));
        Assert.Null(_attempts.UsernameBlocked(new string('a', 10_000)));
    }

    [Fact]
    public void OneFailingAddress_IsBlocked_WhileManyThatNeverFailedAreNot()
    {
        var strict = new FailedCredentialAttempts(Options.Create(new BruteForceOptions { FailuresPerAddress = 1, WindowSeconds = 60 }));
        var failing = From("203.0.113.7");
        strict.TokenFailed(failing);
        Assert.NotNull(strict.AddressBlocked(failing));
        for (var i = 0; i < 1_000; i++) Assert.Null(strict.AddressBlocked(From($"198.18.{i / 200}.{i % 200 + 1}")));
        Assert.NotNull(strict.AddressBlocked(failing));
    }

    [Fact]
    public async Task ABlockedAddress_MayTryAgainOnceTheWindowHasPassed()
    {
        var quick = new FailedCredentialAttempts(Options.Create(new BruteForceOptions { FailuresPerAddress = 1, WindowSeconds = 1 }));
        var client = From("203.0.113.9");
        quick.TokenFailed(client);
        Assert.NotNull(quick.AddressBlocked(client));
        await Task.Delay(TimeSpan.FromMilliseconds(2_100));
        quick.TokenFailed(From("203.0.113.10")); // another failure sweeps the old ones out
        Assert.Null(quick.AddressBlocked(client));
    }

    [Fact]
    public async Task RetryAfter_IsWhatIsLeftOfTheWindow_NotAWholeWindow()
    {
        var attempts = new FailedCredentialAttempts(Options.Create(new BruteForceOptions { FailuresPerAddress = 1, FailuresPerUsername = 1, WindowSeconds = 4 }));
        var client = From("203.0.113.11");
        attempts.SignInFailed(client, "carol");
        await Task.Delay(TimeSpan.FromMilliseconds(1_500));

        foreach (var wait in new[] { attempts.AddressBlocked(client), attempts.UsernameBlocked("carol") })
        {
            Assert.NotNull(wait);
            Assert.InRange(wait.Value, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.7));
        }
    }

    private static DefaultHttpContext From(string address) => new() { Connection = { RemoteIpAddress = IPAddress.Parse(address) } };
}
