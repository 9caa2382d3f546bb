using Aims.Testing;

namespace Aims.Silo.Tests;

/// <summary>One Local-profile silo process on a fresh data directory, shared by the tests of a class.</summary>
public sealed class LocalSiloFixture : IAsyncLifetime
{
    private readonly ExternalTool.TempDirectory _data = ExternalTool.CreateTempDirectory();
    private SiloProcess? _silo;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("the silo has not started");

    public async Task InitializeAsync()
    {
        _silo = SiloProcess.StartLocal("silo-mtls", _data.Path);
        await _silo.WaitReadyAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_silo is not null)
                await _silo.DisposeAsync();
        }
        finally
        {
            _data.Dispose();
        }
    }
}
