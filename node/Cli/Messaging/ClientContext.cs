using System.CommandLine;
using Interop.Bridge.Chain;
using Interop.Bridge.Configuration;
using Interop.Bridge.Devnet;
using Interop.Ethereum;
using Interop.Ethereum.HdWallet;
using Interop.Ethereum.Keystore;
using Interop.Ethereum.Rpc;
using Interop.Ethereum.Signing;
using Interop.Node.Cli.Keys;
using Interop.Node.Hosting;

namespace Interop.Node.Cli.Messaging;

/// <summary>The options every message command shares: configuration, devnet manifest, signing key, node URL, timeout.</summary>
internal sealed class ClientOptions
{
    public Option<string?> Config { get; } = ConfigOption.Create();
    public Option<string?> Manifest { get; } = new("--manifest") { Description = "The devnet manifest (chains, RPC URLs, contracts); default Interop:Node:DevnetManifest.", HelpName = "FILE" };
    public Option<string?> Node { get; } = new("--node") { Description = "The node to ask for progress; default the first of Interop:Node:Urls.", HelpName = "URL" };
    public Option<int> KeyIndex { get; } = CliOptions.Int("--key-index", "HD index of the signing key in Interop:Devnet:Mnemonic (default 14, the first devnet market maker).",
        DevnetAccounts.FirstMarketMaker, 0, 1_000_000, "INDEX");
    public Option<string?> Keystore { get; } = new("--keystore") { Description = $"Sign with this keystore v3 file instead (password from {KeystorePassword.EnvironmentVariable}).", HelpName = "FILE" };
    public Option<int> Timeout { get; } = CliOptions.Int("--timeout", "Seconds to wait for delivery.", 180, 1, 86_400, "SECONDS");

    public void AddTo(Command command, bool signs = true)
    {
        command.Options.Add(Config);
        command.Options.Add(Manifest);
        command.Options.Add(Node);
        if (signs)
        {
            command.Options.Add(KeyIndex);
            command.Options.Add(Keystore);
        }
        command.Options.Add(Timeout);
    }

    /// <summary>Loads configuration, manifest and key.</summary>
    /// <exception cref="CliException">Exit 2 for a bad configuration, manifest or key (the message names which).</exception>
    public ClientContext Resolve(ParseResult parse, bool signs = true, bool manifestRequired = true)
    {
        Microsoft.Extensions.Configuration.IConfigurationRoot configuration;
        InteropOptions interop;
        NodeOptions node;
        try
        {
            configuration = NodeConfiguration.Load(parse.GetValue(Config));
            interop = NodeConfiguration.BindInterop(configuration);
            node = Microsoft.Extensions.Configuration.ConfigurationBinder.Get<NodeOptions>(configuration.GetSection(NodeOptions.SectionName)) ?? new NodeOptions();
        }
        catch (ConfigurationException e)
        {
            throw new CliException(e.Message, CliExitCodes.BadArguments);
        }

        var manifestPath = parse.GetValue(Manifest) ?? node.DevnetManifest;
        DevnetManifest? manifest = null;
        if (File.Exists(manifestPath))
        {
            try
            {
                manifest = DevnetManifest.Load(manifestPath);
            }
            catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or IOException)
            {
                throw new CliException($"--manifest: {Path.GetFullPath(manifestPath)} is not a devnet manifest: {e.Message}", CliExitCodes.BadArguments);
            }
        }
        else if (manifestRequired)
        {
            throw new CliException($"--manifest: {Path.GetFullPath(manifestPath)} does not exist; start the node (or `interop devnet`) first, or pass --manifest FILE", CliExitCodes.BadArguments);
        }

        var nodeText = parse.GetValue(Node) ?? node.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://127.0.0.1:8080";
        if (!Uri.TryCreate(nodeText, UriKind.Absolute, out var nodeUrl) || (nodeUrl.Scheme != Uri.UriSchemeHttp && nodeUrl.Scheme != Uri.UriSchemeHttps))
            throw new CliException($"--node must be an http(s) URL, got '{nodeText}'", CliExitCodes.BadArguments);
        // A node listening on every interface is reached on loopback.
        if (nodeUrl.Host is "0.0.0.0" or "[::]" or "+" or "*") nodeUrl = new UriBuilder(nodeUrl) { Host = "127.0.0.1" }.Uri;

        EthKey? signer = null;
        if (signs) signer = LoadKey(parse.GetValue(Keystore), parse.GetValue(KeyIndex), interop.Devnet.Mnemonic);
        return new ClientContext(manifest, signer, nodeUrl, TimeSpan.FromSeconds(parse.GetValue(Timeout)), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
    }

    private static EthKey LoadKey(string? keystore, int index, string mnemonic)
    {
        if (keystore is null)
        {
            if (!Mnemonic.TryParse(mnemonic, out var parsed, out var problem))
                throw new CliException($"Interop:Devnet:Mnemonic is invalid: {problem!.Message}", CliExitCodes.BadArguments);
            return new EthereumHdWallet(parsed!).GetKey(index);
        }
        var password = KeystorePassword.ForExistingKeystore(KeysEnvironment.System);
        try
        {
            return KeystoreFile.Decrypt(File.ReadAllText(keystore), password);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KeystoreException)
        {
            throw new CliException($"--keystore {keystore}: {e.Message}", CliExitCodes.BadArguments);
        }
    }
}

/// <summary>What a running message command works with: chains from the manifest, the signer, the node, the output.</summary>
internal sealed class ClientContext(DevnetManifest? manifest, EthKey? signer, Uri nodeUrl, TimeSpan timeout, TextWriter output, TextWriter error) : IAsyncDisposable
{
    private readonly Dictionary<ulong, ChainClient> _chains = [];

    public DevnetManifest Manifest => manifest ?? throw new CliException("no devnet manifest: pass --manifest FILE", CliExitCodes.BadArguments);
    public bool HasManifest => manifest is not null;
    public EthKey Signer => signer ?? throw new InvalidOperationException("this command does not sign");
    public Uri NodeUrl => nodeUrl;
    public TimeSpan Timeout => timeout;
    public TextWriter Output => output;
    public TextWriter Error => error;

    /// <summary>The client of chain <paramref name="chainId"/>.</summary>
    /// <exception cref="CliException">The chain is not in the manifest (exit 2, naming <paramref name="option"/>).</exception>
    public ChainClient Chain(ulong chainId, string option)
    {
        if (_chains.TryGetValue(chainId, out var client)) return client;
        var chain = Manifest.Chains.FirstOrDefault(c => c.ChainId == chainId)
            ?? throw new CliException($"{option}: chain {chainId} is not in the devnet manifest (chains: {string.Join(", ", Manifest.Chains.Select(c => c.ChainId))})", CliExitCodes.BadArguments);
        client = new ChainClient(RpcClient.Create(new Uri(chain.Rpc)), chainId);
        _chains[chainId] = client;
        return client;
    }

    /// <summary>The address of contract <paramref name="name"/> on <paramref name="chainId"/>.</summary>
    public Address Contract(ulong chainId, string name, string option)
    {
        Chain(chainId, option);
        return Manifest.Chain(chainId).Contracts.TryGetValue(name, out var address)
            ? Address.Parse(address)
            : throw new CliException($"{option}: chain {chainId} has no {name} in the devnet manifest", CliExitCodes.BadArguments);
    }

    public void Say(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _chains.Values) await client.DisposeAsync().ConfigureAwait(false);
        _chains.Clear();
    }
}
