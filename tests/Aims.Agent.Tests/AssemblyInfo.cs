// The end-to-end classes start a silo, a node agent and workload processes; one at a time on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
