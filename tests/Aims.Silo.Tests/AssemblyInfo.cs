// Every test here starts real silo processes (one to three at a time). Running the classes one after another keeps
// a 2-core CI machine from starving silos that are starting up or detecting a dead peer.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
