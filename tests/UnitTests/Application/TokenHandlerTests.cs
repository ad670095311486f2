using EssalOffice.Application;
using EssalOffice.Application.Abstractions;
using EssalOffice.Application.ApiTokens;

using EssalOffice.Application.ApiTokens.DeleteToken;
using EssalOffice.Application.ApiTokens.GenerateToken;
using EssalOffice.Application.ApiTokens.RotateToken;
using EssalOffice.Application.ApiTokens.ValidateToken;
using EssalOffice.Domain.ApiTokens;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace EssalOffice.UnitTests.Application;

public sealed class TokenHandlerTests
{
    private readonly IApiTokenRepository _tokens = Substitute.For<IApiTokenRepository>();
    private readonly ITokenGenerator _generator = Substitute.For<ITokenGenerator>();
    private readonly ICredentialRevocations _revocations = Substitute.For<ICredentialRevocations>();
    private readonly ICredentialsCache _cache = Substitute.For<ICredentialsCache>();
    private readonly ILastUsedRecorder _lastUsed = Substitute.For<ILastUsedRecorder>();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private static readonly Guid UserId = Guid.NewGuid();

    [Fact]
    public async Task Generate_StoresOnlyTheHashAndReturnsTheSecretOnce()
    {
        var secret = ApiTokenFormat.Generate();
        _generator.NewToken().Returns(secret);
        ApiToken? stored = null;
        _tokens.TryAddAsync(Arg.Do<ApiToken>(t => stored = t), TokenLimits.Default.MaxPerUser, Arg.Any<AuditEntry>(), Arg.Any<CancellationToken>())
            .Returns(AddTokenOutcome.Added);

        var result = await new GenerateTokenHandler(_tokens, _generator, TokenLimits.Default, _clock).Handle(new GenerateToken(UserId, "CI", null, null), default);

        Assert.Equal(secret, result.Token);
        Assert.NotNull(stored);
        Assert.Equal(ApiTokenFormat.Hash(secret), stored.Hash);
        Assert.Equal(UserId, stored.UserId);
        Assert.Equal(_clock.GetUtcNow(), stored.CreatedAt);
    }

    [Fact]
    public async Task Generate_OnHashCollision_RetriesWithANewSecret()
    {
        var first = ApiTokenFormat.Generate();
        var second = ApiTokenFormat.Generate();
        _generator.NewToken().Returns(first, second);
        _tokens.TryAddAsync(Arg.Any<ApiToken>(), Arg.Any<int>(), Arg.Any<AuditEntry>(), Arg.Any<CancellationToken>())
            .Returns(AddTokenOutcome.HashCollision, AddTokenOutcome.Added);

        var result = await new GenerateTokenHandler(_tokens, _generator, TokenLimits.Default, _clock).Handle(new GenerateToken(UserId, null, null, null), default);

        Assert.Equal(second, result.Token);
        await _tokens.Received(2).TryAddAsync(Arg.Any<ApiToken>(), Arg.Any<int>(), Arg.Any<AuditEntry>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Generate_WithExpiryThatPassedSinceValidation_IsAValidationErrorNotACrash()
    {
        _generator.NewToken().Returns(ApiTokenFormat.Generate());
        var command = new GenerateToken(UserId, null, _clock.GetUtcNow().AddMilliseconds(1), null);
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        await Assert.ThrowsAsync<FluentValidation.ValidationException>(() =>
            new GenerateTokenHandler(_tokens, _generator, TokenLimits.Default, _clock).Handle(command, default).AsTask());
    }

    [Fact]
    public async Task Generate_BeyondThePerUserLimit_IsAConflict()
    {
        _generator.NewToken().Returns(ApiTokenFormat.Generate());
        _tokens.TryAddAsync(Arg.Any<ApiToken>(), Arg.Any<int>(), Arg.Any<AuditEntry>(), Arg.Any<CancellationToken>()).Returns(AddTokenOutcome.LimitReached);
        await Assert.ThrowsAsync<ConflictException>(() =>
            new GenerateTokenHandler(_tokens, _generator, TokenLimits.Default, _clock).Handle(new GenerateToken(UserId, null, null, null), default).AsTask());
    }

    [Fact]
    public async Task Delete_OfAnotherUsersToken_IsNotFoundAndRevokesNothing()
    {
        _tokens.DeleteAsync(Arg.Any<Guid>(), UserId, Arg.Any<AuditEntry>(), Arg.Any<CancellationToken>()).Returns((ApiToken?)null);
        await Assert.ThrowsAsync<NotFoundException>(() =>
            new DeleteTokenHandler(_tokens, _revocations, _clock).Handle(new DeleteToken(UserId, Guid.NewGuid(), null), default).AsTask());
        await _revocations.DidNotReceiveWithAnyArgs().TokensRevokedAsync(default!, default);
    }

    [Fact]
    public async Task Delete_OfOwnToken_TellsTheRevocationsBeforeReturning()
    {
        var token = ApiToken.Issue(UserId, ApiTokenFormat.Generate(), null, _clock.GetUtcNow(), null);
        _tokens.DeleteAsync(token.Id, UserId, Arg.Any<AuditEntry>(), Arg.Any<CancellationToken>()).Returns(token);
        await new DeleteTokenHandler(_tokens, _revocations, _clock).Handle(new DeleteToken(UserId, token.Id, null), default);
        await _revocations.Received(1).TokensRevokedAsync(Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.Single() == token.Id), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Rotate_KeepsNameAndExpiryAndRevokesTheOldToken()
    {
        var expiry = _clock.GetUtcNow().AddDays(30);
        var old = ApiToken.Issue(UserId, ApiTokenFormat.Generate(), "scanner", _clock.GetUtcNow().AddDays(-1), expiry);
        _tokens.FindAsync(old.Id, Arg.Any<CancellationToken>()).Returns(old);
        _generator.NewToken().Returns(ApiTokenFormat.Generate());
        _tokens.TryReplaceAsync(old.Id, Arg.Any<ApiToken>(), Arg.Any<AuditEntry>(), Arg.Any<CancellationToken>()).Returns(ReplaceTokenOutcome.Replaced);

        var result = await new RotateTokenHandler(_tokens, _generator, _revocations, _clock).Handle(new RotateToken(UserId, old.Id, null), default);

        Assert.Equal("scanner", result.Name);
        Assert.Equal(expiry, result.ExpiresAt);
        Assert.NotEqual(old.Id, result.Id);
        await _revocations.Received(1).TokensRevokedAsync(Arg.Is<IReadOnlyCollection<Guid>>(ids => ids.Single() == old.Id), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Rotate_LosingARaceToAnotherRotation_IsNotFound()
    {
        var old = ApiToken.Issue(UserId, ApiTokenFormat.Generate(), "scanner", _clock.GetUtcNow(), null);
        _tokens.FindAsync(old.Id, Arg.Any<CancellationToken>()).Returns(old);
        _generator.NewToken().Returns(ApiTokenFormat.Generate());
        _tokens.TryReplaceAsync(old.Id, Arg.Any<ApiToken>(), Arg.Any<AuditEntry>(), Arg.Any<CancellationToken>()).Returns(ReplaceTokenOutcome.OldTokenNotFound);
        await Assert.ThrowsAsync<NotFoundException>(() =>
            new RotateTokenHandler(_tokens, _generator, _revocations, _clock).Handle(new RotateToken(UserId, old.Id, null), default).AsTask());
    }

    [Fact]
    public async Task Rotate_OfExpiredToken_IsAConflict()
    {
        var old = ApiToken.Issue(UserId, ApiTokenFormat.Generate(), "scanner", _clock.GetUtcNow(), _clock.GetUtcNow().AddMinutes(1));
        _tokens.FindAsync(old.Id, Arg.Any<CancellationToken>()).Returns(old);
        _clock.Advance(TimeSpan.FromMinutes(2));
        await Assert.ThrowsAsync<ConflictException>(() =>
            new RotateTokenHandler(_tokens, _generator, _revocations, _clock).Handle(new RotateToken(UserId, old.Id, null), default).AsTask());
    }

    [Theory]
    [InlineData("not a token", TokenRejection.InvalidCharacters)]
    [InlineData("essal_short", TokenRejection.WrongShape)]
    [InlineData("essal_0123456789ABCDEFGHIJKLMNOPQRSTUV1ggZdM", TokenRejection.WrongChecksum)]
    public async Task Validate_OfMalformedCredential_RejectsWithoutTouchingTheDatabase(string credential, TokenRejection expected)
    {
        var result = await new ValidateTokenHandler(_tokens, _cache, _lastUsed, _clock).Handle(new ValidateToken(credential), default);
        Assert.Equal(expected, result.Rejection);
        await _tokens.DidNotReceiveWithAnyArgs().FindCredentialsAsync(default!, default);
        _cache.DidNotReceiveWithAnyArgs().TryGet(default, out _);
    }

    [Fact]
    public async Task Validate_LooksUpBySha256AndChecksExpiryAndUser()
    {
        var secret = ApiTokenFormat.Generate();
        var credentials = new TokenCredentials(Guid.NewGuid(), UserId, "alice", false, true, secret[..10] + "…", _clock.GetUtcNow().AddMinutes(5));
        _tokens.FindCredentialsAsync(Arg.Is<byte[]>(h => h.SequenceEqual(ApiTokenFormat.Hash(secret))), Arg.Any<CancellationToken>()).Returns(credentials);
        var handler = new ValidateTokenHandler(_tokens, _cache, _lastUsed, _clock);

        Assert.True((await handler.Handle(new ValidateToken(secret), default)).Succeeded);
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TokenRejection.Expired, (await handler.Handle(new ValidateToken(secret), default)).Rejection);
    }

    [Fact]
    public async Task Validate_OfInactiveUsersToken_IsRejected()
    {
        var secret = ApiTokenFormat.Generate();
        _tokens.FindCredentialsAsync(Arg.Any<byte[]>(), Arg.Any<CancellationToken>())
            .Returns(new TokenCredentials(Guid.NewGuid(), UserId, "alice", false, false, "essal_abcd…", null));
        var result = await new ValidateTokenHandler(_tokens, _cache, _lastUsed, _clock).Handle(new ValidateToken(secret), default);
        Assert.Equal(TokenRejection.UserInactive, result.Rejection);
    }

    [Fact]
    public async Task Validate_OnCacheHit_DoesNotReadTheDatabase_ButStillChecksExpiry()
    {
        var secret = ApiTokenFormat.Generate();
        var credentials = new TokenCredentials(Guid.NewGuid(), UserId, "alice", false, true, secret[..10] + "…", _clock.GetUtcNow().AddMinutes(1));
        _cache.TryGet(TokenHash.Of(secret), out Arg.Any<TokenCredentials?>()).Returns(call => { call[1] = credentials; return true; });
        var handler = new ValidateTokenHandler(_tokens, _cache, _lastUsed, _clock);

        var result = await handler.Handle(new ValidateToken(secret), default);
        Assert.True(result.Succeeded);
        Assert.Same(credentials, result.Credentials);
        await _tokens.DidNotReceiveWithAnyArgs().FindCredentialsAsync(default!, default);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TokenRejection.Expired, (await handler.Handle(new ValidateToken(secret), default)).Rejection);
    }

    [Fact]
    public async Task Validate_OnCacheMiss_BeginsTheLookupBeforeReadingTheDatabase_AndRemembersTheAnswerWithIt()
    {
        var secret = ApiTokenFormat.Generate();
        var credentials = new TokenCredentials(Guid.NewGuid(), UserId, "alice", false, true, secret[..10] + "…", null);
        var lookup = new CacheLookup(Generation: 41, MayRemember: true);
        _cache.BeginLookup().Returns(lookup);
        _tokens.FindCredentialsAsync(Arg.Any<byte[]>(), Arg.Any<CancellationToken>()).Returns(credentials);

        Assert.True((await new ValidateTokenHandler(_tokens, _cache, _lastUsed, _clock).Handle(new ValidateToken(secret), default)).Succeeded);

        Received.InOrder(() =>
        {
            _cache.BeginLookup();
            _tokens.FindCredentialsAsync(Arg.Any<byte[]>(), Arg.Any<CancellationToken>());
            _cache.Remember(TokenHash.Of(secret), credentials, lookup);
        });
    }

    [Fact]
    public async Task Validate_OfUnknownToken_IsNotRemembered()
    {
        _tokens.FindCredentialsAsync(Arg.Any<byte[]>(), Arg.Any<CancellationToken>()).Returns((TokenCredentials?)null);
        var result = await new ValidateTokenHandler(_tokens, _cache, _lastUsed, _clock).Handle(new ValidateToken(ApiTokenFormat.Generate()), default);
        Assert.Equal(TokenRejection.Unknown, result.Rejection);
        _cache.DidNotReceiveWithAnyArgs().Remember(default, default!, default);
    }

    [Fact]
    public async Task Validate_RecordsLastUse_OnlyWhenTheTokenIsAccepted()
    {
        var secret = ApiTokenFormat.Generate();
        var tokenId = Guid.NewGuid();
        _tokens.FindCredentialsAsync(Arg.Any<byte[]>(), Arg.Any<CancellationToken>())
            .Returns(new TokenCredentials(tokenId, UserId, "alice", false, true, "essal_abcd…", _clock.GetUtcNow().AddSeconds(1)));
        var handler = new ValidateTokenHandler(_tokens, _cache, _lastUsed, _clock);

        await handler.Handle(new ValidateToken(secret), default);
        _lastUsed.Received(1).Record(tokenId, _clock.GetUtcNow());

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TokenRejection.Expired, (await handler.Handle(new ValidateToken(secret), default)).Rejection);
        _lastUsed.Received(1).Record(Arg.Any<Guid>(), Arg.Any<DateTimeOffset>());
    }
}
