using Aims.WorkloadClient;

return await WorkloadCommands.RunAsync(args, Console.Out);
