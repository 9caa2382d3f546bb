using System.Text.Json;
using Aims.Core.Signals;

namespace Aims.Core.Tests.Signals;

public sealed class SubjectIdentifierTests
{
    public static TheoryData<string> RoundTrips => new()
    {
        """{"format":"uri","uri":"spiffe://example.org/agents/a"}""",
        """{"format":"opaque","id":"session-1"}""",
        """{"format":"email","email":"alice@example.org"}""",
        """{"format":"iss_sub","iss":"https://idp.example.org","sub":"alice"}""",
        """{"format":"jwt_id","iss":"https://aims.example.org","jti":"abc"}""",
        """{"format":"account","uri":"acct:alice@example.org"}""",
        """{"format":"complex","session":{"format":"opaque","id":"s1"},"user":{"format":"uri","uri":"spiffe://example.org/a"}}""",
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public void Parses_and_writes_back_the_same_identifier(string json)
    {
        Assert.True(SubjectIdentifier.TryParse(JsonDocument.Parse(json).RootElement, out var subject, out var error), error);

        Assert.True(SubjectIdentifier.TryParse(JsonDocument.Parse(subject.ToJson()).RootElement, out var again, out _));
        Assert.Equal(subject, again);
        Assert.Equal(subject.GetHashCode(), again.GetHashCode());
    }

    [Theory]
    [InlineData("[]", "JSON object")]
    [InlineData("""{"uri":"x"}""", "\"format\"")]
    [InlineData("""{"format":""}""", "\"format\"")]
    [InlineData("""{"format":"phone_number","phone_number":"+1"}""", "not supported")]
    [InlineData("""{"format":"uri"}""", "\"uri\"")]
    [InlineData("""{"format":"uri","uri":""}""", "\"uri\"")]
    [InlineData("""{"format":"uri","uri":7}""", "\"uri\"")]
    [InlineData("""{"format":"iss_sub","iss":"x"}""", "\"sub\"")]
    [InlineData("""{"format":"complex"}""", "at least one")]
    [InlineData("""{"format":"complex","user":{"format":"complex","session":{"format":"opaque","id":"s"}}}""", "simple subject")]
    [InlineData("""{"format":"complex","session":{"format":"opaque"}}""", "member \"session\"")]
    public void Refuses_malformed_identifiers_and_says_what_is_wrong(string json, string expected)
    {
        Assert.False(SubjectIdentifier.TryParse(JsonDocument.Parse(json).RootElement, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_members_are_ignored_and_do_not_change_equality()
    {
        Assert.True(SubjectIdentifier.TryParse(JsonDocument.Parse("""{"format":"opaque","id":"s1","extra":true}""").RootElement, out var subject, out _));

        Assert.Equal(SubjectIdentifier.ForOpaque("s1"), subject);
    }

    [Fact]
    public void A_complex_subject_concerns_each_of_its_parts()
    {
        var agent = SubjectIdentifier.ForUri("spiffe://example.org/agents/a");
        var session = SubjectIdentifier.ForOpaque("s1");
        var both = SubjectIdentifier.Complex(user: agent, session: session);

        Assert.True(both.Concerns(agent));
        Assert.True(both.Concerns(session));
        Assert.True(agent.Concerns(agent));
        Assert.False(agent.Concerns(both));
        Assert.False(both.Concerns(SubjectIdentifier.ForOpaque("s2")));
    }

    [Fact]
    public void Builders_refuse_empty_values_and_nested_complex_subjects()
    {
        Assert.ThrowsAny<ArgumentException>(() => SubjectIdentifier.ForUri(""));
        Assert.ThrowsAny<ArgumentException>(() => SubjectIdentifier.Complex());
        var complex = SubjectIdentifier.Complex(session: SubjectIdentifier.ForOpaque("s"));
        Assert.ThrowsAny<ArgumentException>(() => SubjectIdentifier.Complex(user: complex));
    }
}
