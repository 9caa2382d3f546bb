using Aims.Grains.Hosting;

namespace Aims.Grains.Tests.Configuration;

/// <summary>The <c>Aims:OAuth:Registration</c> section (Aims.Grains/Hosting) as the registration endpoint receives it.</summary>
public sealed class RegistrationOptionsTests
{
    [Fact]
    public void ToLimits_Configured_CarriedOver()
    {
        var options = new RegistrationOptions { Enabled = false, Scopes = ["write", "read"], Resources = ["https://api.example.com/*"], MaxRedirectUris = 2 };

        var limits = options.ToLimits();

        Assert.False(limits.AnonymousRegistrationEnabled);
        Assert.Equal("read write", limits.ScopeCeiling.ToString());
        Assert.Equal(["https://api.example.com/*"], limits.Resources);
        Assert.Equal(2, limits.MaxRedirectUris);
    }

    [Fact]
    public void ToLimits_Defaults_AnonymousAllowedNoScopesFiveRedirectUris()
    {
        var limits = new RegistrationOptions().ToLimits();

        Assert.True(limits.AnonymousRegistrationEnabled);
        Assert.True(limits.ScopeCeiling.IsEmpty);
        Assert.Equal(5, limits.MaxRedirectUris);
    }

    [Fact]
    public void ToLimits_InvalidScope_StopsTheSiloWithTheSettingName()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RegistrationOptions { Scopes = ["read write"] }.ToLimits());

        Assert.Contains("Aims:OAuth:Registration:Scopes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToLimits_NoRedirectUrisAllowed_StopsTheSilo() =>
        Assert.Throws<InvalidOperationException>(() => new RegistrationOptions { MaxRedirectUris = 0 }.ToLimits());
}
