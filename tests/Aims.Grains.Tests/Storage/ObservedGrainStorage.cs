using System.Threading.Channels;
using Orleans.Serialization;
using Orleans.Storage;

namespace Aims.Grains.Tests.Storage;

/// <summary>
/// A grain storage provider that passes every call on to another (here the real SQLite provider) and lets a test see
/// and steer the writes: it records each completed write with a copy of the state written, can hold matching writes
/// until the test lets them through one by one, and can fail matching writes before they reach the provider, as a
/// storage error would.
/// </summary>
public sealed class ObservedGrainStorage(IGrainStorage inner, DeepCopier copier) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>How long a test waits for a write it expects before it fails instead of hanging.</summary>
    private static readonly TimeSpan ExpectedWithin = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<StorageWrite> _written = [];
    private readonly List<(string StateName, GrainId GrainId)> _read = [];
    private readonly List<(Func<StorageWrite, bool> Match, TaskCompletionSource Done)> _awaited = [];
    private readonly List<WriteHold> _holds = [];
    private readonly List<WriteFault> _faults = [];

    /// <summary>The provider underneath, for reading and writing rows past this one's holds and faults.</summary>
    public IGrainStorage Inner => inner;

    /// <summary>The writes completed so far that match, in the order they completed.</summary>
    public IReadOnlyList<StorageWrite> Written(Func<StorageWrite, bool> match)
    {
        lock (_lock)
            return [.. _written.Where(match)];
    }

    /// <summary>How many reads of <paramref name="stateName"/> of <paramref name="grainId"/> there have been.</summary>
    public int ReadCount(string stateName, GrainId grainId)
    {
        lock (_lock)
            return _read.Count(r => r.StateName == stateName && r.GrainId == grainId);
    }

    /// <summary>Completes once a matching write has completed (at once if one has); fails if none comes.</summary>
    public Task WhenWrittenAsync(Func<StorageWrite, bool> match)
    {
        lock (_lock)
        {
            if (_written.Any(match))
                return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited.Add((match, done));
            return done.Task.WaitAsync(ExpectedWithin);
        }
    }

    /// <summary>Holds every matching write until <see cref="WriteHold.ReleaseNextAsync"/> lets it through, or the hold is disposed.</summary>
    public WriteHold Hold(Func<StorageWrite, bool> match)
    {
        var hold = new WriteHold(match, h => { lock (_lock) _holds.Remove(h); });
        lock (_lock)
            _holds.Add(hold);
        return hold;
    }

    /// <summary>Fails matching writes (each throws <see cref="IOException"/>, nothing is written) until the fault is disposed.</summary>
    public WriteFault Fail(Func<StorageWrite, bool> match)
    {
        var fault = new WriteFault(match, f => { lock (_lock) _faults.Remove(f); });
        lock (_lock)
            _faults.Add(fault);
        return fault;
    }

    /// <summary>The provider underneath takes part in the silo's lifecycle (the SQLite provider opens and closes its file there).</summary>
    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        lock (_lock)
            _read.Add((stateName, grainId));
        return inner.ReadStateAsync(stateName, grainId, grainState);
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var write = new StorageWrite(stateName, grainId, copier.Copy(grainState.State));
        WriteHold[] holds;
        WriteFault? fault;
        lock (_lock)
        {
            holds = [.. _holds.Where(h => h.Matches(write))];
            fault = _faults.FirstOrDefault(f => f.Matches(write));
        }

        foreach (var hold in holds)
            await hold.WaitAsync();
        if (fault is not null)
            throw fault.Inject();

        await inner.WriteStateAsync(stateName, grainId, grainState);
        lock (_lock)
        {
            _written.Add(write);
            foreach (var awaited in _awaited.Where(a => a.Match(write)).ToList())
            {
                awaited.Done.TrySetResult();
                _awaited.Remove(awaited);
            }
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    /// <summary>One write as it reached storage: the state name, the grain and a copy of the state.</summary>
    public sealed record StorageWrite(string StateName, GrainId GrainId, object? State);

    public sealed class WriteHold(Func<StorageWrite, bool> match, Action<WriteHold> remove) : IDisposable
    {
        private readonly Channel<TaskCompletionSource> _arrived = Channel.CreateUnbounded<TaskCompletionSource>();

        internal bool Matches(StorageWrite write) => match(write);

        internal Task WaitAsync()
        {
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // Once the hold is disposed the channel is closed and the write goes on at once.
            return _arrived.Writer.TryWrite(release) ? release.Task : Task.CompletedTask;
        }

        /// <summary>Waits for the next matching write to arrive, and lets it go on to storage.</summary>
        public async Task ReleaseNextAsync() => (await _arrived.Reader.ReadAsync().AsTask().WaitAsync(ExpectedWithin)).SetResult();

        /// <summary>Lets every write that is held, and every later one, through.</summary>
        public void Dispose()
        {
            remove(this);
            _arrived.Writer.TryComplete();
            while (_arrived.Reader.TryRead(out var release))
                release.TrySetResult();
        }
    }

    public sealed class WriteFault(Func<StorageWrite, bool> match, Action<WriteFault> remove) : IDisposable
    {
        private readonly Lock _lock = new();
        private readonly List<(int Times, TaskCompletionSource Done)> _awaited = [];
        private int _count;

        /// <summary>Completes once <paramref name="times"/> writes have been failed; fails if they do not come.</summary>
        public Task InjectedAsync(int times = 1)
        {
            lock (_lock)
            {
                if (_count >= times)
                    return Task.CompletedTask;
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _awaited.Add((times, done));
                return done.Task.WaitAsync(ExpectedWithin);
            }
        }

        internal bool Matches(StorageWrite write) => match(write);

        internal IOException Inject()
        {
            lock (_lock)
            {
                _count++;
                foreach (var awaited in _awaited.Where(a => a.Times <= _count))
                    awaited.Done.TrySetResult();
            }

            return new IOException("Injected storage failure.");
        }

        public void Dispose() => remove(this);
    }
}
