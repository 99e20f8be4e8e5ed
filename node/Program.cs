using Interop.Node.Cli;

return await InteropCli.RunAsync(args);
