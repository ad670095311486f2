using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace EssalOffice.IntegrationTests;

/// <summary>
/// Generated hostile input (CsCheck): every answer is a 4xx ProblemDetails, never a 500 or a success, and the
/// stored data is exactly the same afterwards.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const int AuthorizationSamples = 10_000;
    private const int BodySamples = 2_500;
    private const string Alphabet = ApiTokenFormat.Alphabet + "_";

    private EssalApp App => fixture.App;
    private string _token = null!;
    private string _tokenId = null!;
    private string _adminToken = null!;
    private Guid _userId;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _userId = await App.CreateUserAsync("hostile.target", "hostile password");
        var issued = await App.IssueTokenAsync("hostile.target", "hostile password", "target");
        (_token, _tokenId) = ((string)issued["token"]!, (string)issued["id"]!);
        _adminToken = await App.AdminTokenAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GeneratedAuthorizationHeaders_AllGet4xxProblemDetails_AndChangeNothing()
    {
        var requests = new (HttpMethod Method, string Path)[]
        {
            (HttpMethod.Get, "/api/profile"),
            (HttpMethod.Get, "/api/profile/tokens"),
            (HttpMethod.Post, "/api/profile/tokens"),
            (HttpMethod.Delete, $"/api/profile/tokens/{_tokenId}"),
            (HttpMethod.Post, $"/api/profile/tokens/{_tokenId}/rotate"),
            (HttpMethod.Get, "/api/admin/users"),
            (HttpMethod.Delete, $"/api/admin/users/{_userId}/tokens"),
        };
        var gen = Gen.Select(Gen.Int[0, requests.Length - 1], HeaderValues(_token));
        var before = await fixture.Database.StoredStateAsync();
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();

        await Check.SampleAsync(gen, async sample =>
        {
            var (which, values) = sample;
            var (method, path) = requests[which];
            using var request = new HttpRequestMessage(method, path);
            request.Headers.TryAddWithoutValidation("Authorization", values);
            if (method == HttpMethod.Post) request.Content = ApiCalls.Json("{}");
            using var response = await client.SendAsync(request);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            await AssertClientErrorProblemAsync(response);
        }, iter: AuthorizationSamples, threads: 4, print: s => $"{requests[s.Item1]} with {Describe(s.Item2)}");

        Assert.Equal(before, await fixture.Database.StoredStateAsync());
        output.WriteLine($"{AuthorizationSamples} Authorization samples: {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}");
        using var owner = App.WithToken(_token);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/profile")).StatusCode);
    }

    [Fact]
    public async Task GeneratedMalformedJsonBodies_AllGet4xxProblemDetails_AndChangeNothing()
    {
        var targets = new (HttpMethod Method, string Path, string? Token, string Template, (string Field, string Kind)[] Fields)[]
        {
            (HttpMethod.Post, "/api/profile/tokens", _token, """{"name":"scanner","expiresAt":"2099-01-01T00:00:00Z"}""",
                [("name", "string"), ("expiresAt", "instant")]),
            (HttpMethod.Post, "/api/auth/login", null, """{"username":"hostile.target","password":"hostile password"}""",
                [("username", "string"), ("password", "string")]),
            (HttpMethod.Post, "/api/auth/token", null, """{"username":"hostile.target","password":"hostile password","name":"x"}""",
                [("username", "string"), ("password", "string"), ("name", "string"), ("expiresAt", "instant")]),
            (HttpMethod.Post, "/api/admin/users", _adminToken, """{"username":"new.user","password":"a long password","isAdmin":false}""",
                [("username", "string"), ("password", "string"), ("isAdmin", "bool")]),
            (HttpMethod.Patch, $"/api/admin/users/{_userId}", _adminToken, """{"isActive":false,"isAdmin":true}""",
                [("isActive", "bool"), ("isAdmin", "bool")]),
            (HttpMethod.Post, "/api/credentials/revoke", null, """{"credentials":["essal_leaked"]}""", [("credentials", "array")]),
        };
        var gen = Gen.Int[0, targets.Length - 1].SelectMany(i => MalformedBody(targets[i].Template, targets[i].Fields).Select(body => (i, body)));
        var before = await fixture.Database.StoredStateAsync();
        using var client = App.CreateClient(new() { AllowAutoRedirect = false });
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();

        await Check.SampleAsync(gen, async sample =>
        {
            var (which, body) = sample;
            var target = targets[which];
            using var request = new HttpRequestMessage(target.Method, target.Path);
            if (target.Token is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Token {target.Token}");
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(request);
            statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            await AssertClientErrorProblemAsync(response);
        }, iter: BodySamples, threads: 4, print: s => $"{targets[s.Item1].Method} {targets[s.Item1].Path} with {Describe([Encoding.UTF8.GetString(s.Item2)])}");

        Assert.Equal(before, await fixture.Database.StoredStateAsync());
        output.WriteLine($"{BodySamples} malformed bodies: {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}");
    }

    private static async Task AssertClientErrorProblemAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status is >= 400 and < 500, $"Expected a 4xx, got {status}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        if (status == 401) Assert.Contains("Token", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
    }

    /// <summary>One to three Authorization values: scheme variants, separators, and credentials from junk to near-misses of a real token.</summary>
    private static Gen<string[]> HeaderValues(string realToken)
    {
        var scheme = Gen.OneOf("Token", "token", "TOKEN", "ToKeN", "Bearer", "bearer", "Basic", "Digest", "Tok", "Tokens", "", "Token:", "Bearer,", "Token\u00a0", "Тoken");
        var separator = Gen.OneOf("", " ", "  ", "\t", " \t ", "      ", "\u3000", ",");
        var anyChars = Gen.Char.Array[0, 120].Select(c => new string(c));
        var latin1 = Gen.Byte.Array[0, 120].Select(b => Encoding.Latin1.GetString(b));
        var utf8 = Gen.Byte.Array[0, 120].Select(b => Encoding.UTF8.GetString(b));
        var control = Gen.Char['\0', '\u001f'].Array[1, 20].Select(c => new string(c));
        var alphabetic = Gen.Char[Alphabet].Array[0, 80].Select(c => new string(c));
        var tokenShaped = Gen.Char[ApiTokenFormat.Alphabet].Array[ApiTokenFormat.Length - ApiTokenFormat.Prefix.Length].Select(c => ApiTokenFormat.Prefix + new string(c));
        var wellFormedUnknown = Gen.Const(() => ApiTokenFormat.Generate());
        var huge = Gen.Select(Gen.Int[1_000, 70_000], Gen.Char[Alphabet]).Select((n, c) => new string(c, n));
        var nearMiss = Gen.Select(Gen.Int[0, 3], Gen.Int[0, ApiTokenFormat.Length - 1], Gen.Char[ApiTokenFormat.Alphabet]).Select((kind, at, c) => kind switch
        {
            0 => realToken[..at],                                                                    // truncated
            1 => realToken[..at] + (realToken[at] == c ? (c == 'a' ? 'b' : 'a') : c) + realToken[(at + 1)..], // one character changed
            2 => realToken + c,                                                                     // one too many
            _ => realToken.ToUpperInvariant() == realToken ? realToken.ToLowerInvariant() : realToken.ToUpperInvariant(), // letter case
        });
        var credential = Gen.Frequency(
            (3, anyChars), (2, latin1), (2, utf8), (2, control), (3, alphabetic), (3, tokenShaped),
            (1, wellFormedUnknown), (1, huge), (4, nearMiss));
        var value = Gen.Select(scheme, separator, credential, Gen.Int[0, 4], credential)
            .Select((s, sep, c, extra, c2) => extra == 0 ? $"{s}{sep}{c} {c2}" : $"{s}{sep}{c}");
        var anything = Gen.Frequency((8, value), (1, anyChars), (1, Gen.Const(realToken)));
        return Gen.Frequency((6, anything.Array[1]), (1, anything.Array[2, 3]),
            (1, Gen.Const(new[] { $"Token {realToken}", $"Token {realToken}" })));
    }

    /// <summary>A body that is not acceptable JSON for the endpoint: broken syntax, bad bytes, too deep, wrong types, or unknown fields.</summary>
    private static Gen<byte[]> MalformedBody(string template, (string Field, string Kind)[] fields)
    {
        var bytes = Encoding.UTF8.GetBytes(template);
        // Not empty: POST /api/profile/tokens accepts no body at all on purpose (all defaults).
        var truncated = Gen.Int[1, bytes.Length - 1].Select(n => bytes[..n]);
        var corrupted = Gen.Select(Gen.Int[0, bytes.Length], Gen.Byte.Array[1, 4]).Select((at, junk) => bytes[..at].Concat(junk).Concat(bytes[at..]).ToArray());
        var randomBytes = Gen.Byte.Array[1, 200];
        var randomText = Gen.Char.Array[1, 200].Select(c => Encoding.UTF8.GetBytes(new string(c)));
        var unclosed = Gen.Int[1, 5_000].Select(n => Encoding.UTF8.GetBytes(new string('[', n)));
        var tooDeep = Gen.Int[65, 2_000].Select(n => Encoding.UTF8.GetBytes($"{{\"{fields[0].Field}\":{new string('[', n)}{new string(']', n)}}}"));
        var notAnObject = Gen.OneOf("[]", "0", "-1e999", "\"text\"", "true", "[{}]", "\"\\u0000\"").Select(Encoding.UTF8.GetBytes);
        var wrongType = Gen.Select(Gen.Int[0, fields.Length - 1], Gen.Int[0, 5]).Select((f, v) =>
        {
            var (field, kind) = fields[f];
            var value = (kind, v) switch
            {
                (_, 0) => "[]",
                (_, 1) => "{}",
                ("bool", 2) => "\"true\"",
                ("bool", _) => "1",
                ("instant", 2) => "\"not a date\"",
                ("instant", 3) => "\"2099-02-30T00:00:00Z\"",
                ("instant", _) => "1234567890",
                (_, 2) => "123",
                (_, 3) => "true",
                _ => "1.5",
            };
            return Encoding.UTF8.GetBytes($"{{\"{field}\":{value}}}");
        });
        var unknownField = Gen.Char["abcdefghijklmnopqrstuvwxyz"].Array[1, 20]
            .Select(c => Encoding.UTF8.GetBytes(template.Insert(1, $"\"x_{new string(c)}\":1,")));
        var duplicateComma = Gen.Const(Encoding.UTF8.GetBytes(template.Insert(1, ",")));
        return Gen.Frequency(
            (4, truncated), (4, corrupted), (2, randomBytes), (2, randomText), (1, unclosed), (1, tooDeep),
            (1, notAnObject), (3, wrongType), (2, unknownField), (1, duplicateComma))
            .Where(body => !IsAcceptableJson(body, template));
    }

    /// <summary>Corruption can produce valid JSON by chance (say, a truncated object that still closes); those are dropped.</summary>
    private static bool IsAcceptableJson(byte[] body, string template)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return false;
            using var reference = JsonDocument.Parse(template);
            // An object whose fields all exist in the template with the same JSON kind may well be a valid request: dropped.
            foreach (var property in root.EnumerateObject())
            {
                if (!reference.RootElement.TryGetProperty(property.Name, out var expected)) return false;
                if (expected.ValueKind != property.Value.ValueKind && !(IsBool(expected) && IsBool(property.Value))) return false;
            }
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException) // not JSON, or not UTF-8
        {
            return false;
        }

        static bool IsBool(JsonElement e) => e.ValueKind is JsonValueKind.True or JsonValueKind.False;
    }

    private static string Describe(string[] values) =>
        string.Join(" | ", values.Select(v => (v.Length > 120 ? v[..120] + $"…({v.Length} chars)" : v)
            .Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()).Aggregate(new StringBuilder(), (b, s) => b.Append(s)).ToString()));
}
