using Aims.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

using var http = new HttpClient();
return await new AimsCli(http, Console.Out, Console.Error, input: Console.In).RunAsync(args, cancel.Token);
