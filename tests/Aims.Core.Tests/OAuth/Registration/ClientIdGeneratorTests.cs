using Aims.Core.Identity;
using Aims.Core.OAuth.Registration;

namespace Aims.Core.Tests.OAuth.Registration;

public sealed class ClientIdGeneratorTests
{
    [Fact]
    public void New_128RandomBits_UrlSafeDistinctAndNeverASpiffeId()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => ClientIdGenerator.New()).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            Assert.Equal(22, id.Length);
            Assert.All(id, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', $"'{c}' in {id}"));
            Assert.False(SpiffeId.TryParse(id, out _));
        });
    }
}
