using Interop.Bridge.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog;

namespace Interop.Node.Hosting;

/// <summary>Loads appsettings.json (working directory first, then the one shipped beside the executable) and environment overrides.</summary>
public static class NodeConfiguration
{
    /// <summary>Builds the configuration: appsettings.json, then environment variables (e.g. Interop__Devnet__Enabled=false).</summary>
    public static IConfigurationRoot Load(string? path = null)
    {
        var file = path ?? (File.Exists("appsettings.json") ? Path.GetFullPath("appsettings.json") : Path.Combine(AppContext.BaseDirectory, "appsettings.json"));
        if (path is not null && !File.Exists(path)) throw new ConfigurationException($"configuration file '{path}' does not exist");
        return new ConfigurationBuilder()
            .AddJsonFile(file, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables()
            .Build();
    }

    /// <summary>Binds and validates the "Interop" section; throws one error listing every bad key.</summary>
    public static InteropOptions BindInterop(IConfiguration configuration)
    {
        InteropOptions options;
        try
        {
            options = configuration.GetSection(InteropOptions.SectionName).Get<InteropOptions>() ?? new InteropOptions();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value it could not convert.
            throw new ConfigurationException($"invalid configuration: {e.Message}");
        }
        var errors = options.Validate();
        if (errors.Count > 0) throw new ConfigurationException("invalid configuration:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
        return options;
    }

    /// <summary>Serilog from the "Serilog" section, writing to the console.</summary>
    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration) =>
        new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}")
            .CreateLogger();
}

/// <summary>A configuration problem a user must fix; the message names the key.</summary>
public sealed class ConfigurationException(string message) : Exception(message);
